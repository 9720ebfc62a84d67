import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3BlobStorage, createStorage, sha256Hex } from "../../lib/attachments/storage";
import { S3RVER_CREDENTIALS, startS3rver, type LocalS3 } from "./s3rver-harness";

// The S3 driver (AWS SDK v3) against a real S3-compatible server speaking the S3 protocol: s3rver,
// started by the test on a free port.
describe("[STORAGE][S3] S3-compatible object storage", () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(async () => {
    await s3?.close();
  });

  it("stores content-addressed blobs under the prefix: put, has, get, keys, delete", async () => {
    const storage = createStorage({ driver: "s3", ...s3.config("t1/") }) as S3BlobStorage;
    const data = Buffer.from("四宝山街道办事处附件内容");
    const { key, size } = await storage.put(data);
    expect(key).toBe(sha256Hex(data));
    expect(size).toBe(data.length);
    expect(await storage.has(key)).toBe(true);
    expect((await storage.get(key))!.equals(data)).toBe(true);
    expect(await storage.put(new Uint8Array(data))).toEqual({ key, size });

    const big = Buffer.alloc(6 * 1024 * 1024, 7); // larger than a single default socket buffer
    const bigKey = (await storage.put(big)).key;
    expect((await storage.get(bigKey))!.equals(big)).toBe(true);

    const other = createStorage({ driver: "s3", ...s3.config("t2/") });
    expect(await other.has(key)).toBe(false); // prefixes keep stores apart
    const keys: string[] = [];
    for await (const k of storage.keys()) keys.push(k);
    expect(keys.sort()).toEqual([key, bigKey].sort());

    await storage.delete(key);
    expect(await storage.has(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // deleting twice is fine
    storage.close();
  });

  it("refuses bytes that do not match their key", async () => {
    const storage = new S3BlobStorage(s3.config("t3/"));
    const key = sha256Hex("original");
    const raw = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    await raw.send(new PutObjectCommand({ Bucket: "gk-attachments", Key: storage.objectKey(key), Body: "tampered" }));
    raw.destroy();
    await expect(storage.get(key)).rejects.toThrow(/does not match/);
    await expect(storage.get("../etc/passwd")).rejects.toThrow(/invalid blob key/);
  });

  it("reports unknown credentials and a missing bucket as errors, not as missing blobs", async () => {
    // s3rver checks the access key id (it does not verify SigV4 signatures themselves).
    const wrongKey = new S3BlobStorage({ ...s3.config(), accessKeyId: "WRONGKEY" });
    await expect(wrongKey.put(Buffer.from("x"))).rejects.toThrow(/S3 HEAD failed: 403/);
    const noBucket = new S3BlobStorage({ ...s3.config(), bucket: "no-such-bucket" });
    await expect(noBucket.get(sha256Hex("x"))).rejects.toThrow(/S3 GET failed: 404 NoSuchBucket/);
  });
});
