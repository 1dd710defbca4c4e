/** Configuration: every environment variable validated once at start, sliced per module. */
export { type Config, ConfigError, DEMO_ALGO_ID, loadConfig, Secret } from './config';
export { type Env, envSchema } from './schema';
