import type { RateLimit } from '@backend/persistence';

const MINUTE = 60;
const HOUR = 3600;

/**
 * The budgets of the accounts routes, per client IP and per address (docs/accounts.md says why these numbers).
 * Failures (a wrong password at login or change-password) have their own counters: once 5 for an address or 20
 * from one client fell in 15 minutes, both routes refuse at once until the window ends, before any hash.
 */
export const RATE_LIMITS = {
  perIp: {
    createUser: { name: 'ip:create-user', max: 30, windowSeconds: MINUTE },
    verifyUser: { name: 'ip:verify-user', max: 30, windowSeconds: MINUTE },
    login: { name: 'ip:login', max: 30, windowSeconds: MINUTE },
    changePassword: { name: 'ip:change-password', max: 30, windowSeconds: MINUTE },
    lostPassword: { name: 'ip:lost-password', max: 30, windowSeconds: MINUTE },
    resetPassword: { name: 'ip:reset-password', max: 30, windowSeconds: MINUTE },
  },
  perEmail: {
    createUser: { name: 'email:create-user', max: 5, windowSeconds: HOUR },
    verifyUser: { name: 'email:verify-user', max: 10, windowSeconds: HOUR },
    login: { name: 'email:login', max: 20, windowSeconds: 15 * MINUTE },
    changePassword: { name: 'email:change-password', max: 10, windowSeconds: 15 * MINUTE },
    lostPassword: { name: 'email:lost-password', max: 5, windowSeconds: HOUR },
    resetPassword: { name: 'email:reset-password', max: 10, windowSeconds: HOUR },
  },
  failuresPerEmail: { name: 'failures:email', max: 5, windowSeconds: 15 * MINUTE },
  failuresPerIp: { name: 'failures:ip', max: 20, windowSeconds: 15 * MINUTE },
} as const satisfies {
  perIp: Record<string, RateLimit>;
  perEmail: Record<string, RateLimit>;
  failuresPerEmail: RateLimit;
  failuresPerIp: RateLimit;
};
