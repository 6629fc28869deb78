// Citation markers: hovering, focusing or clicking one shows the cited sentence, its outlet and a link to
// the original article; clicking also highlights the sentence where it sits. Without this script each
// marker is a plain link to the sentence, highlighted by the :target rule.
(function () {
  "use strict";
  let popover = null;

  function sourceOf(sentence) {
    const article = sentence.closest("article.source");
    if (!article) return { outlet: "", link: null, title: "" };
    const credit = article.querySelector(".credit");
    const heading = article.querySelector("h3");
    const link = heading ? heading.querySelector("a") : null;
    return {
      outlet: credit ? credit.textContent.replace(/ has the story:$/, "") : "",
      link: link ? link.href : null,
      title: heading ? heading.textContent : "",
    };
  }

  function hide() {
    if (popover) { popover.remove(); popover = null; }
  }

  function show(marker) {
    const id = decodeURIComponent(marker.hash.slice(1));
    const sentence = document.getElementById(id);
    if (!sentence) return;
    hide();
    const source = sourceOf(sentence);
    popover = document.createElement("div");
    popover.className = "cite-popover";
    popover.setAttribute("role", "tooltip");
    popover.id = "cite-popover";
    const quote = document.createElement("p");
    const mark = document.createElement("mark");
    mark.textContent = sentence.textContent;  // textContent: the sentence is shown as text, never as markup
    quote.appendChild(mark);
    popover.appendChild(quote);
    const credit = document.createElement("p");
    credit.textContent = "— " + source.outlet + (source.title ? ", " : "");
    if (source.link) {
      const anchor = document.createElement("a");
      anchor.href = source.link;
      anchor.rel = "noopener noreferrer nofollow";
      anchor.textContent = source.title;
      credit.appendChild(anchor);
    } else if (source.title) {
      credit.appendChild(document.createTextNode(source.title));
    }
    popover.appendChild(credit);
    document.body.appendChild(popover);
    marker.setAttribute("aria-describedby", popover.id);
    const box = marker.getBoundingClientRect();
    const left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - popover.offsetWidth - 8));
    popover.style.left = left + "px";
    popover.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function highlight(marker) {
    document.querySelectorAll(".sentence.highlight").forEach(function (el) { el.classList.remove("highlight"); });
    const sentence = document.getElementById(decodeURIComponent(marker.hash.slice(1)));
    if (sentence) sentence.classList.add("highlight");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a.cite").forEach(function (marker) {
      marker.removeAttribute("title");  // the popover replaces the plain tooltip
      marker.addEventListener("mouseenter", function () { show(marker); });
      marker.addEventListener("focus", function () { show(marker); });
      marker.addEventListener("mouseleave", hide);
      marker.addEventListener("blur", hide);
      marker.addEventListener("click", function () { highlight(marker); });
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  });
})();
