/**
 * Runs tasks one at a time per key (a chat), concurrently across keys. In-process only: across
 * instances the delivery ledger is what keeps a digest from going out twice.
 */
export interface KeyedQueue<K> {
  /** Runs `task` after every task queued earlier for `key` has settled; resolves or rejects with it. */
  run<T>(key: K, task: () => Promise<T>): Promise<T>;
  /** Keys with a task queued or running. */
  readonly size: number;
}

export function createKeyedQueue<K>(): KeyedQueue<K> {
  const tails = new Map<K, Promise<unknown>>();
  return {
    run<T>(key: K, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // Forget the key once its last task is done, so the map holds only busy chats.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}
