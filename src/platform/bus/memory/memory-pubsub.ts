import type { Json, MessageHandler, PublishItem, Subscription } from '../bus';
import { globToRegExp } from './glob';

interface MemorySubscription {
  readonly pattern: RegExp;
  readonly handler: MessageHandler;
  isActive: boolean;
}

/** The pub/sub third of the memory bus. */
export interface MemoryPubSub {
  publish(channel: string, message: Json): void;
  publishBatch(items: readonly PublishItem[]): void;
  subscribe(pattern: string, handler: MessageHandler): Subscription;
  close(): void;
}

/**
 * Delivers each message in its own microtask, never inside `publish`, so a subscriber cannot re-enter the
 * publisher; microtasks run first-in first-out, which keeps publish order. Every subscriber parses its own copy,
 * as it would from Redis, so one handler mutating a message cannot affect another.
 */
export function createMemoryPubSub(report: (error: unknown, context: string) => void): MemoryPubSub {
  const subscriptions = new Set<MemorySubscription>();

  const deliver = (sub: MemorySubscription, channel: string, text: string) => {
    if (!sub.isActive) return;
    try {
      sub.handler(JSON.parse(text) as Json, channel);
    } catch (error) {
      report(error, `subscriber of ${channel} threw`);
    }
  };

  const publish = (channel: string, message: Json) => {
    const text = JSON.stringify(message);
    for (const sub of subscriptions) {
      if (sub.pattern.test(channel)) queueMicrotask(() => deliver(sub, channel, text));
    }
  };

  return {
    publish,
    publishBatch: (items) => {
      for (const item of items) publish(item.channel, item.message);
    },
    subscribe(pattern, handler) {
      const sub: MemorySubscription = { pattern: globToRegExp(pattern), handler, isActive: true };
      subscriptions.add(sub);
      return {
        unsubscribe: async () => {
          sub.isActive = false;
          subscriptions.delete(sub);
        },
      };
    },
    close() {
      for (const sub of subscriptions) sub.isActive = false;
      subscriptions.clear();
    },
  };
}
