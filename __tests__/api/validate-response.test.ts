import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_TOKEN_LIFETIME_S,
  extractServerMessage,
  parseDebugResponse,
  parseJson,
  parseTokenResponse,
  readCompilationFailure,
} from '../../src/api/validate-response.ts';
import { MAX_SERVER_MESSAGE_CHARS, collectRequestValues, describeUrl, redactSecrets } from '../../src/api/errors.ts';

const valid = {
  path: ['node_start', 'node_exit'],
  variables: { a: 1 },
  exitNode: 'node_exit',
  duration: 12,
  trace: [{ nodeId: 'node_start', type: 'Start', timestamp: 0, custom: 'kept' }],
};

describe('parseDebugResponse', () => {
  test("accepts the Flow Debug API's shape and keeps extra trace fields", () => {
    const parsed = parseDebugResponse(valid);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.trace[0]?.custom, 'kept');
  });

  test('fills the defaults downstream code relies on', () => {
    const { duration: _d, ...noDuration } = valid;
    const parsed = parseDebugResponse({ ...noDuration, trace: [{ nodeId: 'n' }] });
    assert.ok(parsed.ok);
    assert.equal(parsed.value.duration, 0);
    assert.deepEqual(parsed.value.trace[0], { nodeId: 'n', type: 'Unknown', timestamp: 0 });
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['not an object', 'x', /object/],
    ['null', null, /object/],
    ['path missing', { ...valid, path: undefined }, /path/],
    ['path of numbers', { ...valid, path: [1] }, /path/],
    ['variables an array', { ...valid, variables: [] }, /variables/],
    ['exitNode missing', { ...valid, exitNode: undefined }, /exitNode/],
    ['duration a string', { ...valid, duration: '12' }, /duration/],
    ['trace missing', { ...valid, trace: undefined }, /trace/],
    ['trace entry without nodeId', { ...valid, trace: [{ type: 'Start' }] }, /trace\[0\]\.nodeId/],
    ['trace entry variables a string', { ...valid, trace: [{ nodeId: 'n', variables: 'x' }] }, /trace\[0\]\.variables/],
  ];
  for (const [name, body, reason] of invalid) {
    test(`rejects: ${name}`, () => {
      const parsed = parseDebugResponse(body);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.reason, reason);
    });
  }
});

describe('parseTokenResponse', () => {
  test('reads the token and its lifetime', () => {
    assert.deepEqual(parseTokenResponse({ access_token: 't', expires_in: 120, token_type: 'Bearer' }), {
      ok: true,
      value: { accessToken: 't', expiresInMs: 120_000 },
    });
  });

  test('a missing lifetime means the documented 60 minutes', () => {
    const parsed = parseTokenResponse({ access_token: 't' });
    assert.ok(parsed.ok);
    assert.equal(parsed.value.expiresInMs, DEFAULT_TOKEN_LIFETIME_S * 1000);
  });

  test('no access_token is refused', () => {
    assert.equal(parseTokenResponse({ expires_in: 3600 }).ok, false);
    assert.equal(parseTokenResponse({ access_token: '' }).ok, false);
  });
});

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('parseJson: nesting', () => {
  test('an answer nested deeper than 64 levels is refused, saying where, as final (not a hiccup to retry)', () => {
    assert.deepEqual(parseJson(`{"variables":${deep(2_000)}}`), {
      ok: false,
      reason: 'nested deeper than 64 levels at variables.a.a.a.a.a.a.a…',
      tooDeep: true,
    });
    assert.deepEqual(parseJson(`{"variables":${deep(63)}}`).ok, true);
  });

  test('a deep 500: its trace cannot be read, and it is said so; its message is not quoted', () => {
    const body = `{"message":"Flow compilation failed","trace":[{"nodeId":"n","variables":${deep(100)}}]}`;
    assert.deepEqual(readCompilationFailure(500, body), { unusable: 'nested deeper than 64 levels at trace[0].variables.a.a.a.a.a…' });
    assert.equal(extractServerMessage(body), undefined);
  });
});

describe('readCompilationFailure', () => {
  const table: Array<[string, number, string, boolean]> = [
    ['500 with a trace', 500, JSON.stringify({ trace: [{ nodeId: 'x', status: 'Error' }] }), true],
    ['500 saying compilation failed', 500, JSON.stringify({ message: 'Flow compilation failure' }), true],
    ['plain 500', 500, JSON.stringify({ message: 'Internal error' }), false],
    ['500 HTML page', 500, '<html>oops</html>', false],
    ['503 with a trace', 503, JSON.stringify({ trace: [] }), false],
  ];
  for (const [name, status, body, expected] of table) {
    test(name, () => assert.equal(readCompilationFailure(status, body) !== undefined, expected));
  }
});

describe('extractServerMessage', () => {
  test('prefers JSON message fields, skips HTML, truncates', () => {
    assert.equal(extractServerMessage('{"error":"invalid_client","error_description":"Bad secret"}'), 'Bad secret');
    assert.equal(extractServerMessage('{"error":{"message":"nested"}}'), 'nested');
    assert.equal(extractServerMessage('<html><body>502</body></html>'), undefined);
    assert.equal(extractServerMessage('plain text'), 'plain text');
    const long = extractServerMessage('x'.repeat(5000)) ?? '';
    assert.ok(long.length < MAX_SERVER_MESSAGE_CHARS + 20);
  });
});

describe('message hygiene helpers', () => {
  test('describeUrl drops credentials and query', () => {
    assert.equal(describeUrl('https://u:p@api.example.com/a/b?token=x'), 'https://api.example.com/a/b');
  });

  test('redactSecrets replaces every occurrence, longest first', () => {
    assert.equal(redactSecrets('abc abcdef abc', ['abc', 'abcdef']), '*** *** ***');
    assert.equal(redactSecrets('nothing', ['']), 'nothing');
  });

  test('collectRequestValues lists the values a request carried, not the short ones', () => {
    const values = collectRequestValues([
      { ssn: '555-12-3456', flag: 'y', n: 123456, list: ['abcd'] },
      { dtmf: '2', speech: 'billing please' },
    ]);
    assert.deepEqual(values.sort(), ['123456', '555-12-3456', 'abcd', 'billing please']);
  });
});
