import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  basicAuthForm,
  MASK,
  REDACTED_VALUES,
  registersWithRunner,
  scrubDeep,
  SecretSet,
  secretForms,
  SHORT_SECRET_CHARS,
  stripUserinfo,
} from '../src/secrets.ts';
import { neutralizeCommands, toLogText } from '../src/log-text.ts';

describe('SecretSet', () => {
  const secret = 'S3cr3t+Value/X=';
  test('every wire form of a secret is scrubbed: typed, form-encoded, URL-encoded, JSON-escaped', () => {
    const secrets = new SecretSet();
    secrets.add(secret);
    for (const form of secretForms(secret)) assert.equal(secrets.scrub(`a ${form} b`), `a ${MASK} b`, form);
    assert.equal(
      secrets.scrub(`client_secret=${new URLSearchParams({ v: secret }).toString().slice(2)}&scope=x`),
      `client_secret=${MASK}&scope=x`,
    );
  });
  test('the longest secret goes whole when one contains another', () => {
    const secrets = new SecretSet();
    secrets.add('abcd');
    secrets.add('abcdefgh');
    assert.equal(secrets.scrub('abcdefgh abcd'), `${MASK} ${MASK}`);
  });
  test('listeners hear every form, including those added before they listened', () => {
    const secrets = new SecretSet();
    secrets.add('p@ss word');
    const heard: string[] = [];
    secrets.onAdd((v) => heard.push(v));
    secrets.addExact(basicAuthForm('id', 'p@ss word'));
    assert.ok(heard.includes('p@ss word') && heard.includes('p%40ss+word') && heard.includes('p%40ss%20word'));
    assert.ok(heard.includes(Buffer.from('id:p@ss word').toString('base64')));
  });
  test('URL userinfo is a secret, and stripped from URLs shown', () => {
    const secrets = new SecretSet();
    secrets.addUrlUserinfo('https://user:p%40ssw0rd@api.example.com/x');
    assert.equal(secrets.scrub('p@ssw0rd and p%40ssw0rd'), `${MASK} and ${MASK}`);
    assert.equal(stripUserinfo('https://user:p%40ssw0rd@api.example.com'), 'https://api.example.com');
    assert.equal(stripUserinfo('https://api.example.com'), 'https://api.example.com');
    assert.equal(stripUserinfo('not a url //user:pw@host'), 'not a url //host');
  });
  test('JSON escapes servers write: \\/ for slashes (PHP), \\uXXXX for non-ASCII (Python)', () => {
    const secrets = new SecretSet();
    secrets.add('abc/déf+ghi');
    assert.equal(secrets.scrub('{"client_secret":"abc\\/déf+ghi"}'), `{"client_secret":"${MASK}"}`);
    assert.equal(secrets.scrub('{"client_secret":"abc\\/d\\u00e9f+ghi"}'), `{"client_secret":"${MASK}"}`);
  });
  test('a start of a value right before a cut mark is masked (for values learned late), with bounded work', () => {
    const secrets = new SecretSet(REDACTED_VALUES);
    secrets.add('123-45-6789');
    assert.equal(secrets.scrub('note: "NNN ssn=123-45…'), `note: "NNN ssn=${MASK}…`);
    assert.equal(secrets.scrub('a cut… of nothing secret'), 'a cut… of nothing secret');
    assert.equal(secrets.scrub('12…'), '12…', 'three characters or fewer say nothing');
    assert.equal(new SecretSet().scrub('ssn=123-45…'), 'ssn=123-45…', 'off by default: secrets are known before any cut');
    // A string made of cut marks costs at most a few marks' lookups, not one per character.
    const marks = '…'.repeat(1_000_000);
    assert.equal(secrets.scrub(`123-45${marks}`), `***${marks}`);
  });
  test('a URL password that is not valid percent-encoding ("50%off") is a secret as written, and never throws', () => {
    const secrets = new SecretSet();
    secrets.addUrlUserinfo('https://user:50%off@api.example.com');
    assert.equal(secrets.scrub('pw 50%off'), `pw ${MASK}`);
    assert.equal(stripUserinfo('https://user:pa/ss-WORD1@api.example.com'), 'https://api.example.com');
  });
  test('redacted values shorter than four characters are not scrubbed out of free text', () => {
    const values = new SecretSet(REDACTED_VALUES);
    values.add('12');
    assert.equal(values.scrub('12 of 123'), '12 of 123');
    values.add('1234');
    assert.equal(values.scrub('pin 1234, card 41234'), `pin ${MASK}, card 4${MASK}`, 'from four characters, inside other text too');
  });
  test('a credential shorter than eight characters is masked where it stands alone, never inside a word', () => {
    const secrets = new SecretSet();
    secrets.add('base');
    assert.equal(secrets.scrub("Input 'base-url' and the database"), "Input 'base-url' and the database", 'no ***-url, no data***');
    for (const echoed of ['client_secret=base&scope=x', '{"client_secret":"base"}', 'secret base, refused', 'base']) {
      assert.ok(!secrets.scrub(echoed).includes('base'), echoed);
    }
    secrets.add('b');
    assert.equal(secrets.scrub('base-url b'), `base-url ${MASK}`, 'one letter: only alone, never every b');
    secrets.add('basebase');
    assert.equal(secrets.scrub('xbasebasex'), `x${MASK}x`, 'eight characters and more: inside other text too');
  });
  test('short values are not registered with the runner, whose masking would garble the log', () => {
    assert.deepEqual(['b', 'base', 'sevench', 'eightchr'].map(registersWithRunner), [false, false, false, true]);
    assert.equal(SHORT_SECRET_CHARS, 8);
  });
});

describe('scrubDeep', () => {
  test('strings at any depth, without recursion, keys by their own scrubber', () => {
    let deep: Record<string, unknown> = { leaf: 'tok-SECRET' };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const root = { list: ['x tok-SECRET', 1, null, { 'tok-SECRET': 'k' }], deep };
    scrubDeep(root, (t) => t.replaceAll('tok-SECRET', MASK));
    assert.deepEqual(root.list, [`x ${MASK}`, 1, null, { [MASK]: 'k' }]);
    assert.ok(!JSON.stringify(root.list).includes('SECRET'));
    const keys = { routing_mismatches: ['matches'] };
    scrubDeep(
      keys,
      (t) => t.replaceAll('matches', MASK),
      (k) => k,
    );
    assert.deepEqual(keys, { routing_mismatches: [MASK] });
  });
});

describe('the log gate', () => {
  const cases: [string, string][] = [
    ['::error file=a.yaml,line=1::pwned', ':\u200b:error file=a.yaml,line=1::pwned'],
    ['ok\n::stop-commands::tok', 'ok\n:\u200b:stop-commands::tok'],
    ['  \t::warning::indented', '  \t:\u200b:warning::indented'],
    ['carriage\r::notice::return', 'carriage\r:\u200b:notice::return'],
    ['old ##[error]style anywhere', 'old #\u200b#[error]style anywhere'],
    ['a plain :: in the middle', 'a plain :: in the middle'],
    ['\u0085::error::NEL is white space to the runner', '\u0085:\u200b:error::NEL is white space to the runner'],
    ['\u00a0\u2003::warning::no-break and em spaces', '\u00a0\u2003:\u200b:warning::no-break and em spaces'],
    ['node_a → node_b', 'node_a → node_b'],
  ];
  for (const [input, output] of cases) test(JSON.stringify(input), () => assert.equal(neutralizeCommands(input), output));
  test('a 12 MB line is cut, not a stack overflow', () => {
    const line = toLogText(`${'x'.repeat(12 * 1024 * 1024)}\nnext`, (t) => t);
    assert.ok(line.length < 5000 && line.endsWith('characters)\nnext'), line.slice(-60));
  });
  test('secrets go first, then commands', () => {
    assert.equal(
      toLogText('::error::S3cr3tXY', (t) => t.replaceAll('S3cr3tXY', MASK)),
      `:\u200b:error::${MASK}`,
    );
  });
});
