// huong serve: reloads the page when the site is rebuilt. An external file, so the page's
// Content-Security-Policy allows it; EventSource reconnects by itself after a server restart.
(() => {
  let seen = null;
  const source = new EventSource('/__huong/events');
  source.addEventListener('generation', (event) => {
    if (seen !== null && event.data !== seen) {
      window.location.reload();
    }
    seen = event.data;
  });
})();
