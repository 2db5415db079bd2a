/**
 * A small inline script that rewrites `<script src>` assignments of the provider SDK URLs to local
 * ones, so the real React libraries load the stand-ins offline. Keys are URL prefixes where `*`
 * stands for one path segment; the matched part is replaced by the value.
 *
 * @example
 * const html = `<script>${sandboxScriptRewriter({
 *   'https://accounts.google.com/gsi/client': '/sandbox/gsi-client.js',
 *   'https://connect.facebook.net/*\/sdk.js': '/sandbox/fb-sdk.js',
 * })}</script>`;
 */
export function sandboxScriptRewriter(map: Record<string, string>): string {
  const rules = Object.entries(map).map(([from, to]) => [
    `^${from.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/?#]*')}`,
    to,
  ]);
  return `(function () {
  var rules = ${JSON.stringify(rules).replace(/</g, '\\u003c')}.map(function (r) { return [new RegExp(r[0]), r[1]]; });
  function rewrite(url) {
    for (var i = 0; i < rules.length; i += 1) {
      if (rules[i][0].test(url)) return url.replace(rules[i][0], rules[i][1]);
    }
    return url;
  }
  var proto = HTMLScriptElement.prototype;
  var src = Object.getOwnPropertyDescriptor(proto, 'src');
  Object.defineProperty(proto, 'src', {
    configurable: true,
    enumerable: src.enumerable,
    get: function () { return src.get.call(this); },
    set: function (value) { src.set.call(this, rewrite(String(value))); },
  });
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLScriptElement && String(name).toLowerCase() === 'src') value = rewrite(String(value));
    return setAttribute.call(this, name, value);
  };
})();`;
}
