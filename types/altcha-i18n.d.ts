// The altcha package ships its language packs without type declarations; importing one registers it.
declare module "altcha/i18n/zh-cn";
