// The liaison's inbox: on a narrow screen the bucket pills scroll sideways; keep the active
// one in view when the page opens on a bucket further right (已回复, 已办结, 全部).
(function () {
  var active = document.querySelector(".inbox-tabs .nav-link.active");
  if (active && active.scrollIntoView) {
    active.scrollIntoView({block: "nearest", inline: "nearest"});
  }
})();
