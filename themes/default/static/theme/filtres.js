// Filtre de la page « Tous les acteurs » : sans JavaScript, la liste complète reste lisible.
(function () {
  var form = document.getElementById("filtres");
  if (!form) return;
  var cat = document.getElementById("filtre-categorie");
  var role = document.getElementById("filtre-role");
  var out = document.getElementById("filtre-resultat");
  form.hidden = false;
  function apply() {
    var shown = 0;
    document.querySelectorAll(".groupe").forEach(function (g) {
      var visible = 0;
      g.querySelectorAll(".acteur").forEach(function (a) {
        var ok = (!cat.value || a.dataset.categorie === cat.value) &&
          (!role.value || (" " + a.dataset.roles + " ").indexOf(" " + role.value + " ") >= 0);
        a.hidden = !ok;
        if (ok) visible++;
      });
      g.hidden = visible === 0;
      shown += visible;
    });
    out.textContent = shown + (shown > 1 ? " acteurs affichés" : " acteur affiché");
  }
  cat.addEventListener("change", apply);
  role.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
})();
