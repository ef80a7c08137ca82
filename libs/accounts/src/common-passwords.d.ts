// @zxcvbn-ts/language-common ships types for its index only; this is its `passwords` dictionary, imported alone.
declare module '@zxcvbn-ts/language-common/dist/passwords.json.mjs' {
  const passwords: string[];
  export default passwords;
}
