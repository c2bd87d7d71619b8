// Mesure de la recherche sur un site construit (par exemple le site synthétique de 10 000 pages
// de `cargo bench --bench build`, gardé avec CTIN_GARDER) : taille de l'index, puis, dans
// Chromium, le temps d'une requête et ce qu'elle télécharge, à froid (page neuve) et à chaud.
//
// Lancement : (cd tests/browser && npm ci) puis node benches/recherche.mjs DOSSIER_DU_SITE [essais]

import fs from "node:fs";
import path from "node:path";
import { launch, serve } from "../tests/browser/gate.mjs";

const site = path.resolve(process.argv[2] || "output");
const runs = Number(process.argv[3] || 7);
const QUERIES = ["numérique", "numerique", "prefecture", "conseillers numériques", "charte de coordination", "formation aidants"];

function size(dir) {
  let bytes = 0, files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { const s = size(p); bytes += s.bytes; files += s.files; }
    else { bytes += fs.statSync(p).size; files += 1; }
  }
  return { bytes, files };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const index = size(path.join(site, "pagefind"));
const entry = JSON.parse(fs.readFileSync(path.join(site, "pagefind/pagefind-entry.json"), "utf8"));
const pages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
console.log(`index : ${pages} pages, ${index.files} fichiers, ${(index.bytes / 1048576).toFixed(1)} Mo`);

const server = await serve(site);
const base = `http://127.0.0.1:${server.address().port}/ctin/`;
const browser = await launch();
try {
  for (const q of QUERIES) {
    const cold = [], warm = [], fetched = [], initial = [];
    let found = 0;
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      let bytes = 0;
      const count = (r) => r.body().then((b) => { bytes += b.length; }, () => {});
      page.on("response", count);
      await page.goto(base + "recherche/index.html", { waitUntil: "networkidle" });
      initial.push(bytes);
      bytes = 0;
      const r = await page.evaluate(async (q) => {
        const pf = await import(new URL(document.getElementById("recherche").dataset.index, location.href).href);
        const once = async () => {
          const t = performance.now();
          const s = await pf.search(q);
          await Promise.all(s.results.slice(0, 20).map((x) => x.data()));
          return { ms: performance.now() - t, n: s.results.length };
        };
        const first = await once();
        const second = await once();
        return { cold: first.ms, warm: second.ms, n: first.n };
      }, q);
      await page.waitForLoadState("networkidle");
      page.off("response", count);
      cold.push(r.cold); warm.push(r.warm); fetched.push(bytes); found = r.n;
      await page.close();
    }
    console.log(`« ${q} » : ${found} résultats ; première requête médiane ${median(cold).toFixed(0)} ms ` +
      `(min ${Math.min(...cold).toFixed(0)}, max ${Math.max(...cold).toFixed(0)}), répétée ${median(warm).toFixed(0)} ms ; ` +
      `${(median(fetched) / 1024).toFixed(0)} ko téléchargés par la requête (morceaux d'index, extraits des 20 premiers), ` +
      `${(median(initial) / 1024).toFixed(0)} ko par la page de recherche à son ouverture`);
  }
} finally {
  await browser.close();
  server.close();
}
