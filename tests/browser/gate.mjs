// Porte de qualité de ctin : contrôle un site construit comme un audit d'un site public.
//
//  1. HTML : le Nu Html Checker (vnu-jar, avec Java) sur chaque page ;
//  2. accessibilité : axe-core (règles WCAG 2.1 A et AA) dans Chromium, sur chaque page ;
//  3. téléphone : aucune page ne défile horizontalement à 375 px ;
//  4. clavier : le lien d'évitement fonctionne et chaque élément interactif est atteint par Tab ;
//  5. rendu : captures d'écran à 375 et 1280 px des pages demandées ;
//  6. liens : un robot part de la racine, servie sous un sous-chemin en HTTP (boucle locale)
//     puis ouverte en file://, et suit chaque lien, feuille de style, script et image ;
//  7. sécurité : toute violation de la Content-Security-Policy d'une page (script en ligne,
//     ressource d'une autre origine…) signalée par Chromium, en HTTP et depuis le disque.
//
// Utilisable seul : node gate.mjs DOSSIER_DU_SITE [DOSSIER_DES_CAPTURES]

import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const VNU = require("vnu-jar");
const SUB_PATH = "/ctin/";
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".geojson": "application/geo+json", ".xml": "application/xml", ".txt": "text/plain", ".png": "image/png", ".svg": "image/svg+xml", ".pdf": "application/pdf" };

export function htmlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? htmlFiles(p) : e.name.endsWith(".html") ? [p] : [];
  }).sort();
}

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error("Chromium introuvable : installez le paquet Debian `chromium` (scripts/test le fait).");
}

export function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Serves `dir` under SUB_PATH on a free loopback port. */
export function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (!url.pathname.startsWith(SUB_PATH)) { res.writeHead(404).end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(SUB_PATH.length));
    let file = path.resolve(dir, rel);
    if (!file.startsWith(path.resolve(dir))) { res.writeHead(400).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Nu Html Checker errors, as "page: message". */
export function vnu(files) {
  return new Promise((resolve, reject) => {
    if (!files.length) { resolve([]); return; }
    execFile("java", ["-jar", VNU, "--errors-only", "--format", "json", ...files], { maxBuffer: 64 << 20 }, (err, _out, stderr) => {
      let report;
      try { report = JSON.parse(stderr); } catch { reject(err || new Error(stderr)); return; }
      resolve(report.messages.filter((m) => m.type === "error").map((m) => `${fileURLToPath(m.url)}: ${m.message}`));
    });
  });
}

/** Content-Security-Policy violations that Chromium reports on `page`, pushed to `problems`. */
export function watchPolicy(page, problems) {
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`${page.url()}: CSP ${m.text()}`);
  });
}

/** axe violations and horizontal scrolling of one page. */
async function audit(browser, url, csp) {
  const problems = [];
  for (const width of [1280, 375]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    watchPolicy(page, csp);
    await page.goto(url, { waitUntil: "load" });
    if (width === 1280) {
      // Evaluated through the DevTools protocol, which the page's policy does not govern (an
      // added <script> element would be refused, as it should).
      await page.evaluate(AXE);
      const r = await page.evaluate(() => axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }));
      for (const v of r.violations) problems.push(`${url}: axe ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    } else {
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (over > 0) problems.push(`${url}: défilement horizontal de ${over} px à 375 px`);
    }
    await page.close();
  }
  return problems;
}

/** The skip link is the first stop of Tab and moves focus to the main content; Tab reaches every visible interactive element. */
export async function keyboard(browser, url) {
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute("href"));
  if (first !== "#contenu") problems.push(`${url}: le premier arrêt de Tab n'est pas le lien d'évitement (${first})`);
  await page.keyboard.press("Enter");
  const target = await page.evaluate(() => location.hash);
  if (target !== "#contenu") problems.push(`${url}: le lien d'évitement ne mène pas au contenu`);
  // Scripts may show or hide controls once the page has loaded its data: count them after.
  await page.goto(url, { waitUntil: "networkidle" });
  const expected = await page.evaluate(() => [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")]
    .filter((e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden").length);
  const seen = new Set();
  for (let i = 0; i < expected + 5; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      if (!e.dataset.ctinTab) e.dataset.ctinTab = String(Math.random());
      return e.dataset.ctinTab;
    });
    if (id) seen.add(id);
  }
  if (seen.size < expected) problems.push(`${url}: ${seen.size} éléments atteints au clavier sur ${expected}`);
  await page.close();
  return problems;
}

/** The kind of a page, from its path: slugs of territories, documents, models and indicators
 *  are replaced by `*`, so that one page of each kind is enough for the keyboard check. */
export function pageKind(rel) {
  const parts = rel.split("/");
  if (parts[0] === "territoires" && parts.length > 2) parts[1] = "*";
  const d = parts.indexOf("documents");
  if (d >= 0 && parts.length > d + 2) parts[d + 1] = "*";
  if ((parts[0] === "modeles" || parts[0] === "indicateurs") && parts.length > 2) parts[1] = "*";
  return parts.join("/");
}

/** Follows every link from `start`; returns broken links and the pages reached. */
export async function crawl(browser, start, csp = []) {
  const problems = [];
  const page = await browser.newPage();
  watchPolicy(page, csp);
  const queue = [start];
  const visited = new Map();
  const origin = new URL(start);
  const inside = (u) => (origin.protocol === "file:" ? u.protocol === "file:" : u.origin === origin.origin && u.pathname.startsWith(SUB_PATH));
  while (queue.length) {
    const url = queue.shift();
    const noHash = url.split("#")[0];
    if (visited.has(noHash)) continue;
    // Files that are not pages (CSV, JSON, images…) are checked without opening them: a
    // browser downloads a CSV instead of showing it.
    const ext = path.extname(new URL(noHash).pathname);
    if (ext && ext !== ".html") {
      const ok = origin.protocol === "file:" ? fs.existsSync(fileURLToPath(noHash)) : (await page.request.get(noHash)).ok();
      visited.set(noHash, ok ? [] : null);
      if (!ok) problems.push(`lien cassé : ${noHash}`);
      continue;
    }
    let response;
    try { response = await page.goto(noHash); } catch (e) { visited.set(noHash, null); problems.push(`lien cassé : ${noHash}`); continue; }
    if (response && response.status() >= 400) { visited.set(noHash, null); problems.push(`lien cassé (${response.status()}) : ${noHash}`); continue; }
    const isHtml = noHash.endsWith(".html") || noHash.endsWith("/") || (response && (response.headers()["content-type"] || "").startsWith("text/html"));
    if (!isHtml) { visited.set(noHash, []); continue; }
    const info = await page.evaluate(() => ({
      ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
      links: [...document.querySelectorAll("a[href], link[href], script[src], img[src]")].map((e) => e.href || e.src),
    }));
    visited.set(noHash, info.ids);
    for (const link of info.links) {
      const u = new URL(link);
      if (!inside(u)) continue;
      if (origin.protocol === "file:" && fs.existsSync(fileURLToPath(u.href.split("#")[0])) && fs.statSync(fileURLToPath(u.href.split("#")[0])).isDirectory()) {
        problems.push(`lien vers un dossier (ne s'ouvre pas depuis le disque) : ${link} (depuis ${noHash})`);
        continue;
      }
      queue.push(u.href);
      if (u.hash) pendingFragments.push([u.href, noHash]);
    }
  }
  for (const [href, from] of pendingFragments.splice(0)) {
    const [target, frag] = [href.split("#")[0], decodeURIComponent(href.split("#")[1])];
    const ids = visited.get(target);
    if (ids && !ids.includes(frag)) problems.push(`ancre absente : ${href} (depuis ${from})`);
  }
  await page.close();
  return { problems, pages: [...visited.keys()].filter((k) => visited.get(k) !== null).length };
}
const pendingFragments = [];

/** Screenshots at phone and desktop widths; pages in `printed` are shown as printed (CSS print media). */
export async function screenshots(browser, base, pages, outDir, printed = []) {
  fs.mkdirSync(outDir, { recursive: true });
  for (const rel of [...pages, ...printed]) {
    const print = printed.includes(rel);
    for (const width of [375, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      if (print) await page.emulateMedia({ media: "print" });
      await page.goto(base + rel);
      const name = (rel.replace(/\/index\.html$|\.html$/, "").replace(/\//g, "_") || "accueil") + (print ? "-impression" : "") + `-${width}.png`;
      await page.screenshot({ path: path.join(outDir, name), fullPage: true });
      await page.close();
    }
  }
}

/** Runs every check on the built site in `siteDir`. */
export async function runGate(siteDir, { captures = null, captured = [], printed = [] } = {}) {
  const files = htmlFiles(siteDir);
  const report = { pages: files.length, html: [], axe: [], clavier: [], liens: [], liensFichier: [], csp: [] };
  report.html = await vnu(files);
  const server = await serve(siteDir);
  const base = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  const browser = await launch();
  try {
    for (const f of files) {
      const rel = path.relative(siteDir, f).split(path.sep).join("/");
      report.axe.push(...(await audit(browser, base + rel, report.csp)));
    }
    const kinds = new Set();
    for (const f of files) {
      const rel = path.relative(siteDir, f).split(path.sep).join("/");
      if (rel === "404.html" || kinds.has(pageKind(rel))) continue;
      kinds.add(pageKind(rel));
      report.clavier.push(...(await keyboard(browser, base + rel)));
    }
    report.typesClavier = kinds.size;
    const overHttp = await crawl(browser, base, report.csp);
    report.liens = overHttp.problems;
    report.pagesAtteintes = overHttp.pages;
    report.liensFichier = (await crawl(browser, pathToFileURL(path.join(siteDir, "index.html")).href, report.csp)).problems;
    if (captures) await screenshots(browser, base, captured, captures, printed);
  } finally {
    await browser.close();
    server.close();
  }
  report.total = report.html.length + report.axe.length + report.clavier.length + report.liens.length + report.liensFichier.length + report.csp.length;
  return report;
}

export function summary(r) {
  return `${r.pages} pages contrôlées : ${r.html.length} erreur(s) HTML, ${r.axe.length} violation(s) d'accessibilité ou de mise en page, ` +
    `${r.clavier.length} problème(s) au clavier, ${r.liens.length} lien(s) cassé(s) en HTTP sous ${SUB_PATH}, ${r.liensFichier.length} depuis le disque, ` +
    `${r.csp.length} violation(s) de la politique de sécurité (CSP)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [site, captures] = process.argv.slice(2);
  const r = await runGate(path.resolve(site), { captures, captured: ["index.html"] });
  for (const k of ["html", "axe", "clavier", "liens", "liensFichier", "csp"]) for (const p of r[k]) console.log(`- ${p}`);
  console.log(summary(r));
  process.exit(r.total ? 1 : 0);
}
