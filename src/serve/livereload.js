// huong serve: reloads the page when the site is rebuilt. An external file, so the page's
// Content-Security-Policy allows it; EventSource reconnects by itself after a server restart.
// The page knows the generation it was built in, so a rebuild that finished while it was still
// loading is noticed by the stream's first message.
(() => {
  const script = document.querySelector('script[data-generation]');
  const built = script ? script.dataset.generation : null;
  const source = new EventSource('/__huong/events');
  source.addEventListener('generation', (event) => {
    if (built !== null && event.data !== built) {
      window.location.reload();
    }
  });
})();
