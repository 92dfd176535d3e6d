export * from './configuration';
export * from './environment';
