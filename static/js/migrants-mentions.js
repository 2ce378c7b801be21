// Glossary words in a text open their explanation in place: a click (or Enter) on a
// glossary link shows the explanation right after the word, with the word's page one
// more click away; a second click or Escape closes it. Without JavaScript the link
// simply opens the word's page. The explanation comes from the link's title attribute,
// which the server fills with the term's explanation as plain text.
(function () {
  "use strict";
  var counter = 0;

  function close(link) {
    var popup = document.getElementById(link.getAttribute("aria-controls"));
    if (popup) popup.hidden = true;
    link.setAttribute("aria-expanded", "false");
  }

  function open(link) {
    var id = link.getAttribute("aria-controls");
    var popup = id && document.getElementById(id);
    if (!popup) {
      counter += 1;
      id = "mention-explanation-" + counter;
      popup = document.createElement("span");
      popup.id = id;
      popup.className = "mention-popup";
      popup.setAttribute("role", "note");
      var text = document.createElement("span");
      text.textContent = link.dataset.explanation || link.getAttribute("title") || "";
      var more = document.createElement("a");
      more.href = link.href;
      more.textContent = link.textContent;
      more.className = "mention-popup-link";
      popup.appendChild(text);
      popup.appendChild(document.createTextNode(" → "));
      popup.appendChild(more);
      link.insertAdjacentElement("afterend", popup);
      link.dataset.explanation = text.textContent;
      link.removeAttribute("title"); // the text is now on the page; no duplicate tooltip
      link.setAttribute("aria-controls", id);
    }
    popup.hidden = false;
    link.setAttribute("aria-expanded", "true");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.mention-glossary");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (!link.getAttribute("title") && !link.dataset.explanation) return; // nothing to show
    event.preventDefault();
    if (link.getAttribute("aria-expanded") === "true") close(link);
    else open(link);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll('a.mention-glossary[aria-expanded="true"]').forEach(function (link) {
      close(link);
      link.focus();
    });
  });
})();
