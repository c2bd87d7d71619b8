// Aperçu ctin : recharge la page après chaque reconstruction (en gardant la position de
// défilement) et affiche les erreurs du contenu par-dessus la page tant qu'elles existent.
(function () {
  var key = "ctin-defilement:" + location.pathname;
  var y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, parseInt(y, 10)); }
  function overlay(text) {
    var old = document.getElementById("ctin-erreurs");
    if (old) old.remove();
    if (!text) return;
    var box = document.createElement("div");
    box.id = "ctin-erreurs";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,20,20,.95);color:#fff;padding:1.5rem;font:14px/1.5 monospace";
    var title = document.createElement("h2");
    title.textContent = "Le contenu a des erreurs : la dernière version valide reste affichée";
    title.style.cssText = "font:bold 18px sans-serif;margin:0 0 1rem";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.whiteSpace = "pre-wrap";
    box.appendChild(title);
    box.appendChild(pre);
    document.body.appendChild(box);
  }
  function check() { fetch("/__ctin/erreurs").then(function (r) { return r.text(); }).then(overlay); }
  check();
  var source = new EventSource("/__ctin/evenements");
  source.addEventListener("recharge", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  source.addEventListener("erreurs", check);
})();
