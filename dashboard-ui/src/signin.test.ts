import { describe, expect, it } from 'vitest';
import { signInErrorText } from './pages/SignIn';

describe('sign-in errors', () => {
  it('explains a refused OpenID sign-in in words', () => {
    expect(signInErrorText('no-role')).toContain('no Sentinel role');
    expect(signInErrorText('state-expired')).toContain('try again');
    expect(signInErrorText('odd')).toContain('(odd)');
  });
});
