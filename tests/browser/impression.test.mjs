// Pages d'impression (node --test) : Chromium imprime en PDF (--print-to-pdf) une page
// `…/impression/` du site construit ; le texte du PDF (pdftotext de poppler-utils) montre
// l'en-tête courant (territoire et titre), la pagination « page X / Y » sur chaque page et les
// signataires, au format A4 (pdfinfo).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { chromiumPath, htmlFiles } from "./gate.mjs";

const site = process.env.CTIN_SITE;

test("une page d'impression donne un PDF A4 avec en-tête, pagination et signataires", () => {
  assert.ok(site && fs.existsSync(site), "CTIN_SITE doit désigner un site construit");
  const pages = htmlFiles(path.join(site, "territoires")).filter((f) => f.endsWith(`impression${path.sep}index.html`));
  assert.ok(pages.length > 0, "aucune page d'impression de document");
  // The print page of a document that has signatories.
  const page = pages.find((p) => fs.readFileSync(p, "utf8").includes("cases-signature")) || pages[0];
  const html = fs.readFileSync(page, "utf8");
  const title = html.match(/<h1>([^<]+)<\/h1>/)[1].replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
  const territory = html.match(/<dt>Territoire<\/dt><dd>([^<]+)<\/dd>/)?.[1];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctin-impression-"));
  const pdf = path.join(dir, "page.pdf");
  execFileSync(chromiumPath(), ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", `--print-to-pdf=${pdf}`, pathToFileURL(page).href], { stdio: "ignore", timeout: 60000 });
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const count = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
  assert.match(info, /Page size:.*\(A4\)/);
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).replace(/\u00a0|\u202f/g, " ");
  const sheets = text.split("\f").filter((s) => s.trim());
  assert.equal(sheets.length, count);
  sheets.forEach((sheet, i) => {
    assert.ok(sheet.includes(`page ${i + 1} / ${count}`), `pas de « page ${i + 1} / ${count} » sur la page ${i + 1}`);
    assert.ok(territory && sheet.includes(territory), `en-tête sans le territoire sur la page ${i + 1}`);
  });
  const firstLine = sheets[0].split("\n").find((l) => l.trim());
  assert.ok(firstLine.includes(territory) && firstLine.includes(title.slice(0, 20)), `en-tête : ${firstLine}`);
  for (const name of [...html.matchAll(/<p class="signataire">([^<]+)<\/p>/g)].map((m) => m[1])) {
    assert.ok(text.includes(name.replace(/&#x27;|&#39;/g, "'")), `signataire absent du PDF : ${name}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
