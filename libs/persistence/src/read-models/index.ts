export const readModelEntities: Function[] = [];
export const readModelMigrations: Function[] = [];
