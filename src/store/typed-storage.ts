import type { JsonValue, KeyValueRepository } from "./types.js";

/** A typed view of `KeyValueRepository`, structurally a grammY `StorageAdapter<T>`. */
export interface TypedStorage<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Views the key-value repository as storage of `T`, e.g. for @grammyjs/conversations:
 * `conversations({ storage: { type: "key", adapter: typedStorage<VersionedState<ConversationData>>(store.keyValue) } })`.
 * The type is trusted, not checked: keep one `T` per key space and only JSON-safe values in it.
 */
export function typedStorage<T>(repository: KeyValueRepository): TypedStorage<T> {
  return {
    read: async (key) => (await repository.read(key)) as T | undefined,
    write: (key, value) => repository.write(key, value as JsonValue),
    delete: (key) => repository.delete(key),
  };
}
