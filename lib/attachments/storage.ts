import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import path from "node:path";

/** Content-addressed blob store: the key of a blob is the SHA-256 of its bytes (lower-case hex). */
export interface BlobStorage {
  put(data: Buffer | Uint8Array): Promise<{ key: string; size: number }>;
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every stored key (backups walk the store with it). */
  keys(): AsyncGenerator<string>;
}

const KEY_RE = /^[0-9a-f]{64}$/;

export function sha256Hex(data: Buffer | Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function assertKey(key: string): void {
  // Keys become file paths and URLs: anything but a SHA-256 hex digest is refused.
  if (!KEY_RE.test(key)) throw new Error(`invalid blob key: ${JSON.stringify(key).slice(0, 80)}`);
}

const toBuffer = (d: Buffer | Uint8Array) => (Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength));

// ---------------------------------------------------------------------------
// Local directory
// ---------------------------------------------------------------------------

/** Blobs as files under root/ab/abcdef…; safe for one host, or several sharing one network directory. */
export class LocalBlobStorage implements BlobStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  pathFor(key: string): string {
    assertKey(key);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(data: Buffer | Uint8Array): Promise<{ key: string; size: number }> {
    const buf = toBuffer(data);
    const key = sha256Hex(buf);
    const target = this.pathFor(key);
    if (await this.has(key)) return { key, size: buf.length };
    await mkdir(path.dirname(target), { recursive: true });
    // Write then rename within the same directory: readers never see a half-written blob, and two
    // concurrent writers of the same content both end with the same complete file.
    const temp = path.join(path.dirname(target), `.tmp-${key.slice(0, 8)}-${randomBytes(6).toString("hex")}`);
    try {
      await writeFile(temp, buf, { flag: "wx" });
      await rename(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    return { key, size: buf.length };
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathFor(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathFor(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw err;
    }
  }

  async *keys(): AsyncGenerator<string> {
    const shards = await readdir(this.root).catch(() => [] as string[]);
    for (const shard of shards.sort()) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of (await readdir(path.join(this.root, shard))).sort()) if (KEY_RE.test(name)) yield name;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathFor(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}

// ---------------------------------------------------------------------------
// S3-compatible object storage (AWS SDK v3)
// ---------------------------------------------------------------------------

export interface S3StorageConfig {
  /** e.g. https://s3.cn-north-1.amazonaws.com.cn or http://minio:9000 */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Key prefix inside the bucket, e.g. "blobs/". */
  prefix?: string;
  /** Path-style URLs (endpoint/bucket/key), as MinIO and most self-hosted stores need. Default true. */
  forcePathStyle?: boolean;
}

/** A missing object only: a missing bucket (NoSuchBucket, also a 404) is a configuration error. */
const isNotFound = (err: unknown) => {
  const name = (err as { name?: string })?.name;
  return name === "NoSuchKey" || name === "NotFound";
};

/** For deployments with several web/worker instances that cannot share a directory. */
export class S3BlobStorage implements BlobStorage {
  private readonly client: S3Client;

  constructor(private readonly config: S3StorageConfig) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle ?? true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: config.sessionToken },
      // Self-hosted S3-compatible stores do not all know the SDK's newer default CRC checksums;
      // the content address (SHA-256, checked on every read) protects the bytes instead.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 3,
    });
  }

  objectKey(key: string): string {
    assertKey(key);
    return `${this.config.prefix ?? ""}${key.slice(0, 2)}/${key}`;
  }

  private static wrap(action: string, err: unknown): Error {
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return new Error(`S3 ${action} failed: ${e?.$metadata?.httpStatusCode ?? ""} ${e?.name ?? ""} ${e?.message ?? ""}`.trim());
  }

  async put(data: Buffer | Uint8Array): Promise<{ key: string; size: number }> {
    const buf = toBuffer(data);
    const key = sha256Hex(buf);
    // Same key means same bytes, so an existing object is already the right one.
    if (await this.has(key)) return { key, size: buf.length };
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key), Body: buf, ContentType: "application/octet-stream" }),
      );
    } catch (err) {
      throw S3BlobStorage.wrap("PUT", err);
    }
    return { key, size: buf.length };
  }

  async get(key: string): Promise<Buffer | null> {
    let bytes: Uint8Array;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      bytes = await res.Body!.transformToByteArray();
    } catch (err) {
      if (isNotFound(err)) return null;
      throw S3BlobStorage.wrap("GET", err);
    }
    const buf = Buffer.from(bytes);
    // Content addressing lets us detect corruption in transit or at rest for free.
    if (sha256Hex(buf) !== key) throw new Error(`S3 GET returned content that does not match key ${key}`);
    return buf;
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw S3BlobStorage.wrap("HEAD", err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
    } catch (err) {
      if (!isNotFound(err)) throw S3BlobStorage.wrap("DELETE", err);
    }
  }

  /** Every stored key (for backups), in pages of 1,000. */
  async *keys(): AsyncGenerator<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.config.prefix ?? "", ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        const key = o.Key?.split("/").pop() ?? "";
        if (KEY_RE.test(key)) yield key;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  close(): void {
    this.client.destroy();
  }
}

// ---------------------------------------------------------------------------

export type StorageConfig =
  | { driver: "local"; root: string }
  | ({ driver: "s3" } & S3StorageConfig);

export function createStorage(config: StorageConfig): BlobStorage {
  switch (config.driver) {
    case "local":
      return new LocalBlobStorage(config.root);
    case "s3":
      return new S3BlobStorage(config);
    default:
      throw new Error(`unknown storage driver: ${(config as { driver?: string }).driver}`);
  }
}
