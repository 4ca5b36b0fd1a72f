// Bring the cited span into view and give it focus, so that keyboard and screen-reader users
// start reading where the citation points (the page itself works without this script).
(function () {
  "use strict";
  var mark = document.getElementById("citat");
  if (!mark || (location.hash && location.hash !== "#citat")) return;
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
})();
