// Recall and false positives of the confidentiality scanner on the generated corpus, through the same
// path review uses: extractText for files (PDF/DOCX/XLSX), htmlToText for bodies, then scanItem.
import { beforeAll, describe, expect, it } from "vitest";
import { extractText } from "../../lib/scan/extract-text";
import { scanItem, type LocatedFinding } from "../../lib/scan/scan-text";
import { findingDigits } from "../../lib/scan/mask";
import type { PersonalNumberKind } from "../../lib/scan/personal-numbers";
import {
  buildCorpus,
  FORMATS,
  OFFICE_NUMBERS,
  PLANTED_KINDS,
  POSITIONS,
  SCANNER_KIND,
  type CorpusDocument,
} from "../fixtures/pii-corpus";

const NUMBER_KINDS = new Set(["resident_id", "mobile", "bank_card"]);

async function scanDocument(doc: CorpusDocument): Promise<LocatedFinding[]> {
  const options = { publicNumbers: OFFICE_NUMBERS };
  if (doc.html !== undefined) return scanItem({ title: "", bodyHtml: doc.html }, options);
  const ex = await extractText(doc.file!);
  return scanItem({ title: "", bodyHtml: "", attachments: [{ name: `${doc.label}.${doc.format}`, text: ex.text, map: ex.map }] }, options);
}

const numberFindings = (fs: LocatedFinding[]) => fs.filter((f) => NUMBER_KINDS.has(f.kind));
const keyOf = (kind: string, digits: string) => `${kind}:${digits}`;

let corpus: Awaited<ReturnType<typeof buildCorpus>>;
const results = new Map<CorpusDocument, LocatedFinding[]>();

beforeAll(async () => {
  corpus = await buildCorpus();
  for (const doc of [...corpus.planted, ...corpus.ordinary]) results.set(doc, numberFindings(await scanDocument(doc)));
}, 120_000);

describe("generated corpus: personal numbers in every position and format", () => {
  it("finds every planted number (100 % recall) with no other findings", () => {
    const missed: string[] = [];
    const falsePositives: string[] = [];
    const byKind = new Map<string, { planted: number; found: number; fp: number }>();
    const byPosition = new Map<string, { planted: number; found: number }>();
    const row = <T>(m: Map<string, T>, k: string, init: T) => (m.get(k) ?? (m.set(k, init), init)) as T;
    for (const doc of corpus.planted) {
      const findings = results.get(doc)!;
      const found = new Set(findings.map((f) => keyOf(f.kind, findingDigits(f.kind as PersonalNumberKind, f.match))));
      const plantedKeys = new Set(doc.planted.map((p) => keyOf(SCANNER_KIND[p.kind], p.digits)));
      for (const p of doc.planted) {
        const hit = found.has(keyOf(SCANNER_KIND[p.kind], p.digits));
        const k = row(byKind, `${doc.format}|${p.kind}`, { planted: 0, found: 0, fp: 0 });
        k.planted++;
        const pos = row(byPosition, p.position, { planted: 0, found: 0 });
        pos.planted++;
        if (hit) {
          k.found++;
          pos.found++;
        } else missed.push(`${doc.format}/${p.position}/${p.kind}: ${p.digits}`);
      }
      for (const f of findings) {
        const key = keyOf(f.kind, findingDigits(f.kind as PersonalNumberKind, f.match));
        if (!plantedKeys.has(key)) {
          falsePositives.push(`${doc.format}/${doc.label}: ${f.kind} ${JSON.stringify(f.match)}`);
          row(byKind, `${doc.format}|${f.kind}`, { planted: 0, found: 0, fp: 0 }).fp++;
        }
      }
    }
    const lines = ["format        " + PLANTED_KINDS.map((k) => k.padEnd(16)).join("")];
    for (const format of FORMATS) {
      lines.push(
        format.padEnd(14) +
          PLANTED_KINDS.map((k) => {
            const r = byKind.get(`${format}|${k}`)!;
            return `${r.found}/${r.planted}`.padEnd(16);
          }).join(""),
      );
    }
    lines.push("", "position                 recall");
    for (const p of POSITIONS) {
      const r = byPosition.get(p)!;
      lines.push(`${p.padEnd(25)}${r.found}/${r.planted}`);
    }
    const total = corpus.planted.reduce((n, d) => n + d.planted.length, 0);
    lines.push("", `planted numbers: ${total} in ${corpus.planted.length} documents; missed: ${missed.length}; false positives: ${falsePositives.length}`);
    console.log(lines.join("\n"));
    if (missed.length) console.log("MISSED:\n" + missed.join("\n"));
    if (falsePositives.length) console.log("FALSE POSITIVES:\n" + falsePositives.join("\n"));
    expect(total).toBe(FORMATS.length * POSITIONS.length * PLANTED_KINDS.length * 2);
    expect(missed).toEqual([]);
    expect(falsePositives).toEqual([]);
  });
});

describe("generated corpus: ordinary numbers", () => {
  it("lists the false positives among amounts, dates, 文号, 索引号, statistics, serials and the office's own numbers", () => {
    const lines: string[] = [];
    let numbers = 0;
    const expected: string[] = [];
    const unexpected: string[] = [];
    for (const doc of corpus.ordinary) {
      const n = Object.values(doc.ordinary).reduce((a, b) => a + b, 0);
      numbers += n;
      const findings = results.get(doc)!;
      const luhnLike = new Set(doc.luhnLike);
      let byDesign = 0;
      for (const f of findings) {
        const line = `${doc.format}: ${f.kind} ${JSON.stringify(f.match)} in …${f.context}…`;
        if (f.kind === "bank_card" && luhnLike.has(findingDigits("bank_card", f.match))) {
          expected.push(line);
          byDesign++;
        } else unexpected.push(line);
      }
      lines.push(
        `${doc.format.padEnd(16)}${n} ordinary numbers (${Object.entries(doc.ordinary).map(([k, v]) => `${k} ${v}`).join(", ")}): ` +
          `${findings.length} false positives (${byDesign} Luhn-valid long serials)`,
      );
      // Every Luhn-valid long serial is reported (that is what a card number looks like) — no more.
      expect(byDesign).toBe(luhnLike.size);
    }
    const rate = ((expected.length + unexpected.length) / numbers) * 100;
    lines.push(`total: ${numbers} ordinary numbers, ${expected.length + unexpected.length} false positives (${rate.toFixed(2)} %), of which ${expected.length} Luhn-valid long serials`);
    console.log(lines.join("\n") + (expected.length + unexpected.length ? "\nFALSE POSITIVES:\n" + [...expected, ...unexpected].join("\n") : ""));
    // The office's own published numbers are never findings, whatever the spelling.
    expect(unexpected.filter((f) => /139.?0533.?1234|3581234|3581235/.test(f))).toEqual([]);
    // Amounts, dates, 文号, 索引号, statistics, postcodes and credit codes: kept to at most one in a thousand.
    expect(unexpected.length).toBeLessThanOrEqual(Math.floor(numbers / 1000));
  });
});
