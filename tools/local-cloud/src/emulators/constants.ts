/** The account id every local ARN carries (the same one fauxqs and dynalite use). */
export const ACCOUNT_ID = '000000000000';
