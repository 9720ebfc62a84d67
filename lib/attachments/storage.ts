import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

/** Content-addressed blob store: the key of a blob is the SHA-256 of its bytes (lower-case hex). */
export interface BlobStorage {
  put(data: Buffer | Uint8Array): Promise<{ key: string; size: number }>;
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
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

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathFor(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}

// ---------------------------------------------------------------------------
// AWS Signature Version 4 (header-based), enough for S3-compatible object storage
// ---------------------------------------------------------------------------

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Request {
  method: string;
  url: URL;
  /** Headers to send and sign; host and x-amz-date are added. */
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body, or "UNSIGNED-PAYLOAD". */
  payloadHash: string;
  region: string;
  service?: string;
  date?: Date;
}

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** RFC 3986 encoding as SigV4 wants it (unreserved: A–Z a–z 0–9 - _ . ~). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * Signs a request and returns the headers to send (including Authorization). S3 paths are encoded
 * once, segment by segment, unlike other AWS services.
 */
export function signV4(req: SigV4Request, credentials: SigV4Credentials): Record<string, string> {
  const service = req.service ?? "s3";
  const now = amzDate(req.date ?? new Date());
  const day = now.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  headers.host = req.url.host;
  headers["x-amz-date"] = now;
  headers["x-amz-content-sha256"] ??= req.payloadHash;
  if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;

  const canonicalUri =
    decodeURIComponent(req.url.pathname)
      .split("/")
      .map(uriEncode)
      .join("/") || "/";
  const canonicalQuery = [...req.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    req.payloadHash,
  ].join("\n");

  const scope = `${day}/${req.region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", now, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), req.region), service), "aws4_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");

  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},` +
    `SignedHeaders=${signedHeaders},Signature=${signature}`;
  return headers;
}

// ---------------------------------------------------------------------------
// S3-compatible object storage
// ---------------------------------------------------------------------------

export interface S3StorageConfig extends SigV4Credentials {
  /** e.g. https://s3.cn-north-1.amazonaws.com.cn or http://minio:9000 */
  endpoint: string;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket, e.g. "blobs/". */
  prefix?: string;
  /** Path-style URLs (endpoint/bucket/key), as MinIO and most self-hosted stores need. Default true. */
  forcePathStyle?: boolean;
  /** Injected in tests. */
  fetch?: typeof fetch;
}

/** For deployments with several web/worker instances that cannot share a directory. */
export class S3BlobStorage implements BlobStorage {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly config: S3StorageConfig) {
    this.fetchImpl = config.fetch ?? fetch;
  }

  objectUrl(key: string): URL {
    assertKey(key);
    const objectKey = `${this.config.prefix ?? ""}${key.slice(0, 2)}/${key}`;
    const base = new URL(this.config.endpoint);
    if (this.config.forcePathStyle ?? true) {
      const basePath = base.pathname.replace(/\/$/, "");
      base.pathname = `${basePath}/${this.config.bucket}/${objectKey}`;
    } else {
      base.hostname = `${this.config.bucket}.${base.hostname}`;
      base.pathname = `/${objectKey}`;
    }
    return base;
  }

  private async send(method: string, key: string, body?: Buffer, extraHeaders: Record<string, string> = {}) {
    const url = this.objectUrl(key);
    const payloadHash = sha256Hex(body ?? Buffer.alloc(0));
    const headers = signV4({ method, url, headers: extraHeaders, payloadHash, region: this.config.region }, this.config);
    delete headers.host; // fetch sets it and refuses a manual one
    return this.fetchImpl(url, { method, headers, body: body ? new Uint8Array(body) : undefined });
  }

  private static async fail(action: string, res: Response): Promise<never> {
    const detail = (await res.text().catch(() => "")).slice(0, 300);
    throw new Error(`S3 ${action} failed: HTTP ${res.status} ${detail}`);
  }

  async put(data: Buffer | Uint8Array): Promise<{ key: string; size: number }> {
    const buf = toBuffer(data);
    const key = sha256Hex(buf);
    // Same key means same bytes, so an existing object is already the right one.
    if (await this.has(key)) return { key, size: buf.length };
    const res = await this.send("PUT", key, buf, { "content-type": "application/octet-stream" });
    if (!res.ok) await S3BlobStorage.fail("PUT", res);
    await res.arrayBuffer().catch(() => undefined);
    return { key, size: buf.length };
  }

  async get(key: string): Promise<Buffer | null> {
    const res = await this.send("GET", key);
    if (res.status === 404) {
      await res.arrayBuffer().catch(() => undefined);
      return null;
    }
    if (!res.ok) await S3BlobStorage.fail("GET", res);
    const buf = Buffer.from(await res.arrayBuffer());
    // Content addressing lets us detect corruption in transit or at rest for free.
    if (sha256Hex(buf) !== key) throw new Error(`S3 GET returned content that does not match key ${key}`);
    return buf;
  }

  async has(key: string): Promise<boolean> {
    const res = await this.send("HEAD", key);
    if (res.status === 404) return false;
    if (!res.ok) await S3BlobStorage.fail("HEAD", res);
    return true;
  }

  async delete(key: string): Promise<void> {
    const res = await this.send("DELETE", key);
    if (!res.ok && res.status !== 404) await S3BlobStorage.fail("DELETE", res);
    await res.arrayBuffer().catch(() => undefined);
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
