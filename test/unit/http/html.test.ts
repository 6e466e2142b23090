import { html, trusted } from '../../../src/http/public/html';

// Called under another name so the formatter leaves the templates' whitespace as written.
const h = html;

describe('html: interpolations are escaped unless they are HTML we built', () => {
  it('escapes text, attributes and nested lists', () => {
    const evil = '<script>alert("x")</script> & \'quote\'';
    expect(h`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;</p>',
    );
    expect(h`<ul>${['<b>', 'a'].map((item) => h`<li>${item}</li>`)}</ul>`.value).toBe(
      '<ul><li>&lt;b&gt;</li><li>a</li></ul>',
    );
  });

  it('keeps nested templates and trusted constants, drops empty values', () => {
    expect(h`<div>${h`<i>${1}</i>`}${trusted('<hr>')}${null}${undefined}${false}</div>`.value).toBe(
      '<div><i>1</i><hr></div>',
    );
  });
});
