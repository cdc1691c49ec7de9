// The liaison's inbox: on a narrow screen the bucket pills scroll sideways. Keep the active
// one in view when the page opens on a bucket further right (已回复, 已办结, 全部), and fade
// the edge that has more pills beyond it, so the strip shows it scrolls.
(function () {
  var strip = document.querySelector(".inbox-tabs");
  if (!strip) { return; }
  var active = strip.querySelector(".nav-link.active");
  if (active && active.scrollIntoView) {
    active.scrollIntoView({block: "nearest", inline: "nearest"});
  }
  var frame = strip.parentElement;
  function edges() {
    frame.classList.toggle("more-right", strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 2);
    frame.classList.toggle("more-left", strip.scrollLeft > 2);
  }
  strip.addEventListener("scroll", edges, {passive: true});
  window.addEventListener("resize", edges);
  edges();
})();
