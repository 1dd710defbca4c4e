/** Scheduler jobs of the accounts module: broker token expiry and subscription expiry sweeps. */

export { ACCOUNT_COMMANDS, type AccountCommand, isAccountCommand, runAccountCommand } from './account-commands';
export { every, type Job, startAccountJobs } from './account-jobs';
export { startMarketJobs } from './market-jobs';
