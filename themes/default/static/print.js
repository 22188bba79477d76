// The print button is hidden in the HTML so that pages without JavaScript show no dead control;
// this script reveals it and wires it up. An external file, so a strict CSP allows it.
document.querySelectorAll('.print-button').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
