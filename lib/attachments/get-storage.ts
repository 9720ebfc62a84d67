import path from "node:path";
import { getEnv } from "../config/env";
import { createStorage, type BlobStorage } from "./storage";

const globalForStorage = globalThis as unknown as { __storage?: BlobStorage };

/** The deployment's blob store: a local directory (STORAGE_DIR) by default. */
export function getStorage(): BlobStorage {
  globalForStorage.__storage ??= createStorage({ driver: "local", root: path.resolve(getEnv().STORAGE_DIR) });
  return globalForStorage.__storage;
}
