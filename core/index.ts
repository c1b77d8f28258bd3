// The framework-free core. The n8n and Node-RED adapters import from here and only translate.
export * from './php-json';
export * from './signature';
export * from './dedupe';
export * from './receiver';
export * from './partnero/events';
export * from './partnero/types';
export * from './partnero/samples';
export * from './http';
export * from './errors';
export * from './retry';
export * from './partnero/client';
export * from './registration';
export * from './settle';
