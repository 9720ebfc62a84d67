import path from "node:path";
import { getEnv } from "../config/env";
import { createStorage, type BlobStorage } from "./storage";

const globalForStorage = globalThis as unknown as { __storage?: BlobStorage };

/**
 * The deployment's blob store: a local directory (STORAGE_DIR) by default; an S3-compatible bucket
 * (STORAGE_DRIVER=s3) when several web instances must see the same files.
 */
export function getStorage(): BlobStorage {
  if (!globalForStorage.__storage) {
    const env = getEnv();
    globalForStorage.__storage =
      env.STORAGE_DRIVER === "s3"
        ? createStorage({
            driver: "s3",
            endpoint: env.S3_ENDPOINT!,
            region: env.S3_REGION,
            bucket: env.S3_BUCKET!,
            prefix: env.S3_PREFIX,
            accessKeyId: env.S3_ACCESS_KEY_ID!,
            secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
          })
        : createStorage({ driver: "local", root: path.resolve(env.STORAGE_DIR) });
  }
  return globalForStorage.__storage;
}
