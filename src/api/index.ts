/** The HTTP API and WebSocket stream (Fastify). */
export { buildApp } from './app';
export { API_ERRORS, ApiError } from './plugins/problem-json';
