/** Message bus: pub/sub, durable streams with consumer groups and a small key-value store, in memory or on Redis. */
export type {
  Bus,
  ConsumeOptions,
  Consumer,
  Json,
  MessageHandler,
  PublishItem,
  StreamEntry,
  StreamHandler,
  Subscription,
} from './bus';
export { CHANNELS, GROUPS, KEYS, STREAMS } from './channels';
export { createMemoryBus, type MemoryBusOptions } from './memory/memory-bus';
export { createRedisBus, type RedisBusOptions } from './redis/redis-bus';
