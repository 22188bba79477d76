// The search page's script: reads the language's index (written by huong's src/output/search/,
// whose comment describes the files) and lists the pages that hold every word of the query.
// Words are compared as huong's src/text/fold.rs compares them; keep the two in step.
// Ranking, most important first: query words matched with the diacritics typed (when typed),
// then where the words stand (title, headings, text), then how close together, then whole
// words before prefixes (the last word is matched as a prefix while typing).
(function () {
  'use strict';

  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var input = document.getElementById('search-query');
  var more = document.getElementById('search-more');
  if (!status || !list || !input) {
    return;
  }
  document.getElementById('search-no-script').hidden = true;

  var base = status.dataset.index;
  var lang = status.dataset.lang;
  var SHOWN_AT_ONCE = 10;
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var loaded = new Map();

  function load(path) {
    if (!loaded.has(path)) {
      loaded.set(path, fetch(base + path).then(function (response) {
        if (!response.ok) {
          throw new Error(path + ': ' + response.status);
        }
        return path.endsWith('.bin') ? response.arrayBuffer().then(readTerms) : response.json();
      }));
    }
    return loaded.get(path);
  }

  // A terms file (huong's src/output/search/terms.rs has the format): folded form → its
  // variants, each [exact form, the bytes of its postings list], read when a query needs it.
  function readTerms(buffer) {
    var reader = { bytes: new Uint8Array(buffer), at: 0 };
    var utf8 = new TextDecoder();
    var entries = new Map();
    function take() {
      var length = number(reader);
      reader.at += length;
      return reader.bytes.subarray(reader.at - length, reader.at);
    }
    while (reader.at < reader.bytes.length) {
      var folded = utf8.decode(take());
      var variants = [];
      for (var count = number(reader); count > 0; count--) {
        var exact = utf8.decode(take());
        variants.push([exact, take()]);
      }
      entries.set(folded, variants);
    }
    return entries;
  }

  // The variable-length integer at reader.at: seven bits a byte, the lowest first.
  function number(reader) {
    var n = 0;
    var scale = 1;
    var byte;
    do {
      byte = reader.bytes[reader.at++];
      n += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return n;
  }

  // Calls each(step, fields, positions) for each posting of a list: the step from the
  // document before, the fields that hold the word (bits), its first positions.
  function eachPosting(list, each) {
    var reader = { bytes: list, at: 0 };
    while (reader.at < list.length) {
      var step = number(reader);
      var packed = list[reader.at++];
      var positions = [];
      for (var kept = packed >> 3; kept > 0; kept--) {
        positions.push(number(reader));
      }
      each(step, packed & 7, positions);
    }
  }

  function words(text) {
    return text.match(WORD) || [];
  }

  // Lower case, NFC, tone marks taken off and written after the word.
  function exact(word) {
    var decomposed = word.toLowerCase().normalize('NFD');
    var tones = (decomposed.match(TONES) || []).join('');
    return decomposed.replace(TONES, '').normalize('NFC') + tones;
  }

  // Lower case without diacritics, đ as d.
  function plain(word) {
    return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
  }

  function singular(word) {
    var n = Array.from(word).length;
    if (n <= 3) {
      return word;
    }
    if (word.endsWith('ies')) {
      return word.slice(0, -3) + 'y';
    }
    var endings = ['sses', 'shes', 'ches', 'xes', 'zes'];
    for (var i = 0; i < endings.length; i++) {
      if (word.endsWith(endings[i])) {
        return word.slice(0, -2);
      }
    }
    if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) {
      return word.slice(0, -1);
    }
    return word;
  }

  function folded(word) {
    var p = plain(word);
    return lang === 'en' ? singular(p) : p;
  }

  function fileName(key) {
    return 't_' + Array.from(key).map(function (c) {
      return /[a-z0-9]/i.test(c) ? c : '_' + c.codePointAt(0).toString(16);
    }).join('');
  }

  // The file of a folded word: its first two characters, one more for each split prefix.
  function termsFile(meta, fold) {
    var chars = Array.from(fold);
    var length = 2;
    while (chars.length > length && meta.split.indexOf(chars.slice(0, length).join('')) >= 0) {
      length += 1;
    }
    var key = chars.slice(0, length).join('');
    return meta.keys.indexOf(key) >= 0 ? 'terms/' + fileName(key) + '.bin' : null;
  }

  // The documents holding one query word: document → what is known of the match there.
  function matches(file, term, isLast) {
    var found = new Map();
    file.forEach(function (variants, fold) {
      var whole = fold === term.folded;
      if (!whole && !(isLast && fold.startsWith(term.folded))) {
        return;
      }
      variants.forEach(function (variant) {
        var withTyped = !term.marked || variant[0] === term.exact;
        var doc = 0;
        eachPosting(variant[1], function (step, fields, positions) {
          doc += step;
          var hit = found.get(doc) || { typed: false, fields: 0, positions: [], whole: false };
          hit.typed = hit.typed || withTyped;
          hit.whole = hit.whole || whole;
          hit.fields |= fields;
          hit.positions = hit.positions.concat(positions);
          found.set(doc, hit);
        });
      });
    });
    return found;
  }

  function placeScore(fields) {
    return fields & 1 ? 4 : fields & 2 ? 2 : 1;
  }

  // The smallest gap between two words' positions (1 when they stand side by side).
  function gap(a, b) {
    var best = Infinity;
    a.forEach(function (p) {
      b.forEach(function (q) {
        best = Math.min(best, Math.abs(q - p));
      });
    });
    return best;
  }

  function rank(terms, perWord) {
    var docs = Array.from(perWord[0].keys()).filter(function (doc) {
      return perWord.every(function (found) { return found.has(doc); });
    });
    var scored = docs.map(function (doc) {
      var hits = perWord.map(function (found) { return found.get(doc); });
      var typed = 0;
      var place = 0;
      var whole = 0;
      var distance = 0;
      hits.forEach(function (hit, i) {
        typed += terms[i].marked && hit.typed ? 1 : 0;
        place += placeScore(hit.fields);
        whole += hit.whole ? 1 : 0;
        if (i > 0) {
          distance += Math.min(gap(hits[i - 1].positions, hit.positions), 50);
        }
      });
      return { doc: doc, key: [typed, place, -distance, whole, -doc] };
    });
    scored.sort(function (x, y) {
      for (var i = 0; i < x.key.length; i++) {
        if (x.key[i] !== y.key[i]) {
          return y.key[i] - x.key[i];
        }
      }
      return 0;
    });
    return scored.map(function (s) { return s.doc; });
  }

  // A part of the text around the first matched word, the matches in <mark>.
  function snippet(text, terms) {
    var parts = text.split(/([\p{L}\p{N}\p{M}]+)/u);
    var isMatch = function (part) {
      var f = folded(part);
      return terms.some(function (term, i) {
        return f === term.folded || (i === terms.length - 1 && f.startsWith(term.folded));
      });
    };
    var first = parts.findIndex(function (part, i) { return i % 2 === 1 && isMatch(part); });
    var start = Math.max(0, first - 24);
    var end = Math.min(parts.length, (first < 0 ? 0 : first) + 48);
    var p = document.createElement('p');
    p.className = 'snippet';
    if (start > 0) {
      p.append('… ');
    }
    for (var i = start; i < end; i++) {
      if (i % 2 === 1 && isMatch(parts[i])) {
        var mark = document.createElement('mark');
        mark.textContent = parts[i];
        p.append(mark);
      } else {
        p.append(parts[i]);
      }
    }
    if (end < parts.length) {
      p.append(' …');
    }
    return p;
  }

  function formatDate(iso) {
    var date = new Date(iso + 'T00:00:00Z');
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }

  function item(row, terms) {
    var li = document.createElement('li');
    var link = document.createElement('a');
    link.href = row[0];
    link.textContent = row[1];
    li.append(link);
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.append(row[2]);
    if (row[3]) {
      var time = document.createElement('time');
      time.dateTime = row[3];
      time.textContent = formatDate(row[3]);
      meta.append(' · ', time);
    }
    li.append(meta);
    li.append(snippet(row[5] || row[4], terms));
    return li;
  }

  function say(template, count, query) {
    status.textContent = template.replace('%n', String(count)).replace('%q', query);
  }

  var current = 0;
  var ranked = [];
  var shown = 0;
  var currentTerms = [];

  function showMore(run) {
    var next = ranked.slice(shown, shown + SHOWN_AT_ONCE);
    var meta;
    return load('meta.json').then(function (m) {
      meta = m;
      return Promise.all(next.map(function (doc) {
        return load('docs/' + Math.floor(doc / meta.docsPerFile) + '.json');
      }));
    }).then(function (files) {
      if (run !== current) {
        return;
      }
      next.forEach(function (doc, i) {
        list.append(item(files[i][doc % meta.docsPerFile], currentTerms));
      });
      shown += next.length;
      more.hidden = shown >= ranked.length;
    });
  }

  function search(query) {
    var run = ++current;
    list.replaceChildren();
    more.hidden = true;
    ranked = [];
    shown = 0;
    var typed = words(query);
    if (typed.length === 0) {
      status.textContent = '';
      return Promise.resolve();
    }
    if (typed.join('').length < 2) {
      say(status.dataset.typeMore, 0, query);
      return Promise.resolve();
    }
    var terms = typed.map(function (word) {
      var nfc = word.toLowerCase().normalize('NFC');
      return { exact: exact(word), folded: folded(word), marked: nfc !== plain(word) };
    });
    say(status.dataset.loading, 0, query);
    var index;
    return load('meta.json').then(function (meta) {
      index = meta;
      return Promise.all(terms.map(function (term) {
        var file = termsFile(meta, term.folded);
        return file ? load(file) : new Map();
      }));
    }).then(function (files) {
      if (run !== current) {
        return undefined;
      }
      var perWord = files.map(function (file, i) {
        return matches(file, terms[i], i === terms.length - 1);
      });
      ranked = rank(terms, perWord);
      currentTerms = terms;
      if (ranked.length === 0) {
        // A short beginning of many words (`th`) finds only the words it is: ask for more.
        var last = terms[terms.length - 1].folded;
        say(index.split.indexOf(last) >= 0 ? status.dataset.typeMore : status.dataset.none, 0, query);
        return undefined;
      }
      return showMore(run).then(function () {
        if (run === current) {
          say(ranked.length === 1 ? status.dataset.one : status.dataset.many, ranked.length, query);
        }
      });
    }).catch(function () {
      if (run === current) {
        status.textContent = status.dataset.failed;
      }
    });
  }

  var timer = 0;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(window.location.href);
      if (input.value) {
        url.searchParams.set('q', input.value);
      } else {
        url.searchParams.delete('q');
      }
      window.history.replaceState(null, '', url);
      search(input.value);
    }, 150);
  });
  more.addEventListener('click', function () {
    var first = list.children.length;
    showMore(current).then(function () {
      var link = list.children[first] && list.children[first].querySelector('a');
      if (link) {
        link.focus();
      }
    });
  });

  var initial = new URLSearchParams(window.location.search).get('q') || '';
  input.value = initial;
  search(initial);
}());
