// An attack script (issue 12): tries to solve the /apply CAPTCHA by table lookup, the way the
// security pass solved svg-captcha's pictures 500 of 500, and reports how many it solved. Every
// "solved" is confirmed by the server's own verifier, so the number cannot be flattered.
//
//   npx tsx scripts/captcha-lookup-solver.ts [--rounds 200] [--train 2000]
//
// Four attacks, each on `rounds` fresh challenges:
//   1. legacy — plain svg-captcha SVG as the form used to send it; table: each character's path
//      outline (its command sequence, which svg-captcha repeats for every drawing of a character).
//   2. the image fallback as the browser now gets it (PNG): the same path table (finds no paths).
//   3. the image fallback, bitmap table: each character slot binarised and downsampled to 12×12,
//      table built from `train` challenges with known answers.
//   4. the proof-of-work challenge: a table of (salt, nonce) → solution from `train` solved challenges.
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { createCaptchaChallenge, verifyCaptcha } from "../lib/captcha/captcha";
import { createPowChallenge, verifyPowPayload } from "../lib/captcha/pow";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "200" }, train: { type: "string", default: "2000" } } });
const ROUNDS = Number(values.rounds);
const TRAIN = Number(values.train);
const secret = "lookup-solver-secret-0123456789abcdef";

type Table = Map<string, Map<string, number>>;
const learn = (t: Table, key: string, ch: string) => {
  const m = t.get(key) ?? new Map<string, number>();
  m.set(ch, (m.get(ch) ?? 0) + 1);
  t.set(key, m);
};
const look = (t: Table, key: string) => {
  const m = t.get(key);
  return m ? [...m.entries()].sort((a, b) => b[1] - a[1])[0][0] : null;
};

// ── path table ──
function charPaths(markup: string): string[] {
  const paths = [...markup.matchAll(/<path fill="[^"]+" d="([^"]+)"/g)].map((m) => m[1]);
  const minX = (d: string) => Math.min(...(d.match(/-?\d+(?:\.\d+)?/g) ?? ["0"]).filter((_, i) => i % 2 === 0).map(Number));
  return paths.sort((a, b) => minX(a) - minX(b)).map((d) => d.replace(/[^A-Za-z]/g, ""));
}

function legacyCaptcha(): { text: string; svg: string } {
  const req = createRequire(path.join(process.cwd(), "package.json"));
  const lib = req("svg-captcha") as { create(o: Record<string, unknown>): { text: string; data: string } };
  const d = lib.create({ size: 4, ignoreChars: "0oO1iIlLqg9", noise: 3, color: false, background: "#ffffff", width: 150, height: 50 });
  return { text: d.text, svg: d.data };
}

function pathTableFrom(samples: { text: string; markup: string }[]): Table {
  const t: Table = new Map();
  for (const s of samples) {
    const keys = charPaths(s.markup);
    if (keys.length === s.text.length) keys.forEach((k, i) => learn(t, k, s.text[i]));
  }
  return t;
}

function solveByPaths(t: Table, markup: string): string | null {
  const keys = charPaths(markup);
  if (keys.length !== 4) return null;
  const chars = keys.map((k) => look(t, k));
  return chars.every(Boolean) ? chars.join("") : null;
}

// ── bitmap table ──
async function glyphKeys(dataUrl: string): Promise<string[]> {
  const png = Buffer.from(dataUrl.split(",")[1], "base64");
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const dark = (x: number, y: number) => data[y * info.width + x] < 110;
  const keys: string[] = [];
  const slot = info.width / 5;
  for (let c = 0; c < 4; c++) {
    const x0 = Math.round(slot * (c + 0.5));
    let key = "";
    for (let gy = 0; gy < 12; gy++) {
      for (let gx = 0; gx < 12; gx++) {
        const px = Math.min(info.width - 1, x0 + Math.floor((gx * slot) / 12));
        const py = Math.min(info.height - 1, Math.floor((gy * info.height) / 12));
        key += dark(px, py) ? "1" : "0";
      }
    }
    keys.push(key);
  }
  return keys;
}

async function main() {
  const report: string[] = [];
  const confirm = async (token: string, answer: string | null) => answer !== null && (await verifyCaptcha(token, answer, { secret })) === null;

  // 1. legacy
  const legacyTable = pathTableFrom(Array.from({ length: TRAIN }, () => legacyCaptcha()).map((c) => ({ text: c.text, markup: c.svg })));
  let legacy = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const c = legacyCaptcha();
    if (solveByPaths(legacyTable, c.svg)?.toLowerCase() === c.text.toLowerCase()) legacy++;
  }
  report.push(`1. legacy svg-captcha SVG (before issue 12), path table: ${legacy} of ${ROUNDS} solved`);

  // 2 and 3: the image fallback as served (PNG)
  const training = [];
  for (let i = 0; i < TRAIN; i++) training.push(await createCaptchaChallenge({ secret }));
  const pathTable = pathTableFrom(training.map((c) => ({ text: c.text, markup: Buffer.from(c.imageDataUrl.split(",")[1], "base64").toString("latin1") })));
  const bitmapTable: Table = new Map();
  for (const c of training) (await glyphKeys(c.imageDataUrl)).forEach((k, i) => learn(bitmapTable, k, c.text[i].toLowerCase()));
  let byPath = 0;
  let byBitmap = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const c = await createCaptchaChallenge({ secret });
    if (await confirm(c.token, solveByPaths(pathTable, Buffer.from(c.imageDataUrl.split(",")[1], "base64").toString("latin1")))) byPath++;
    const chars = (await glyphKeys(c.imageDataUrl)).map((k) => look(bitmapTable, k));
    if (await confirm(c.token, chars.every(Boolean) ? chars.join("") : null)) byBitmap++;
  }
  report.push(`2. image fallback (PNG), path table: ${byPath} of ${ROUNDS} solved`);
  report.push(`3. image fallback (PNG), bitmap table of ${bitmapTable.size} glyph keys from ${TRAIN} challenges: ${byBitmap} of ${ROUNDS} solved`);

  // 4. proof of work: remember solved challenges, look new ones up
  const powTable = new Map<string, { counter: number; derivedKey: string }>();
  const powTrain = Math.min(TRAIN, 200);
  for (let i = 0; i < powTrain; i++) {
    const ch = await createPowChallenge(secret, { cost: 50, maxCounter: 50 });
    const sol = await solveChallenge({ challenge: ch, deriveKey });
    if (sol) powTable.set(`${ch.parameters.salt}:${ch.parameters.nonce}`, { counter: sol.counter, derivedKey: sol.derivedKey });
  }
  let pow = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const ch = await createPowChallenge(secret);
    const hit = powTable.get(`${ch.parameters.salt}:${ch.parameters.nonce}`);
    const solution = hit ?? [...powTable.values()][i % powTable.size];
    const payload = Buffer.from(JSON.stringify({ challenge: ch, solution })).toString("base64");
    if ((await verifyPowPayload(payload, { secret })) === null) pow++;
  }
  report.push(`4. proof-of-work challenge, table of ${powTable.size} solved challenges: ${pow} of ${ROUNDS} solved`);
  console.log(report.join("\n"));
}

await main();
