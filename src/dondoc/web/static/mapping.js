// The mapping page: a changed column, rule or skip choice recounts the preview ("Xem lại"), keeping the scroll
// position. Text and number fields recount with the button or Enter, so typing a unit never races "Nạp".
(function () {
  var form = document.querySelector("form.mapping");
  if (!form) return;
  var key = "dondoc-mapping-scroll";
  var kept = sessionStorage.getItem(key);
  if (kept !== null) {
    sessionStorage.removeItem(key);
    window.scrollTo(0, parseInt(kept, 10) || 0);
  }
  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field.type === "text" || field.type === "number" || field.closest(".save")) return;
    sessionStorage.setItem(key, String(window.scrollY));
    form.querySelector("button[value=xem]").click();
  });
})();
