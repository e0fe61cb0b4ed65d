// Errors are made scrubbed: the quote before its cut, the whole message (URL, reason, quote) as it is built.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SERVER_MESSAGE_CHARS } from '../../src/api/errors.ts';
import type { RequestContext } from '../../src/api/errors.ts';
import { ErrorMaker } from '../../src/api/make-error.ts';
import { SecretSet } from '../../src/secrets.ts';

const SECRET = 'cs-0123456789abcdef0123456789abcdef-secret';
const ctx: RequestContext = { method: 'POST', url: 'https://api.example.test/api/v2/flows/debug', attempts: 2 };

function maker(): ErrorMaker {
  const secrets = new SecretSet();
  secrets.add(SECRET);
  return new ErrorMaker((text) => secrets.scrub(text));
}

/** No start of the secret 8 characters or longer in any of the texts. */
function assertNoPrefix(texts: string[]): void {
  for (const text of texts) {
    for (let k = 8; k <= SECRET.length; k++)
      assert.ok(!text.includes(SECRET.slice(0, k)), `a ${k}-character prefix of the secret in: ${text}`);
  }
}

describe('ErrorMaker', () => {
  test("a secret echoed across the quote's cut leaves no prefix in the message, the quote or the stack", () => {
    const errors = maker();
    const body = JSON.stringify({ message: `${'x'.repeat(MAX_SERVER_MESSAGE_CHARS - 10)} ${SECRET} tail` });
    const serverMessage = errors.quote(body);
    assert.ok(serverMessage !== undefined);
    const error = errors.status(ctx, { status: 503, scope: 'flow:debug', ...(serverMessage !== undefined && { serverMessage }) });
    assert.equal(error.code, 'SERVER_ERROR');
    assert.equal(error.serverMessage, serverMessage);
    assert.ok(error.message.includes(serverMessage ?? '?'), 'the message quotes the scrubbed words');
    assertNoPrefix([error.message, serverMessage ?? '', String(error.stack)]);
  });

  test('what the request sent is blanked out of the quote', () => {
    const errors = maker();
    const quote = errors.quote(JSON.stringify({ message: 'bad value caller-ssn-555-12-3456 in body' }), ['caller-ssn-555-12-3456']);
    assert.equal(quote, 'bad value *** in body');
  });

  test("the words that do not come from the quote are scrubbed too: a transport's reason, the URL", () => {
    const errors = maker();
    const failure = errors.failure(
      { ...ctx, url: `https://api.example.test/${SECRET}` },
      { kind: 'network', reason: `proxy said ${SECRET}` },
    );
    assert.equal(failure.code, 'NETWORK');
    assert.match(failure.message, /proxy said \*\*\*/);
    assertNoPrefix([failure.message, String(failure.stack)]);
    const refusal = errors.refusal(ctx, { status: 401, scope: SECRET, accessKey: false });
    assert.equal(refusal.code, 'AUTH_FAILED');
    assertNoPrefix([refusal.message, String(refusal.stack)]);
  });

  test('the error is final as made: message and stack agree from the first read', () => {
    const error = maker().failure(ctx, { kind: 'timeout', reason: 'no answer', timeoutMs: 100 });
    assert.equal(String(error.stack).split('\n')[0], `ApiError: ${error.message}`);
    assert.match(error.message, /did not answer within 0\.1 s after 2 attempts/);
  });
});
