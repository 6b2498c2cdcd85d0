import { config } from 'zod';

// Before any schema is made: zod probes `new Function` when a schema is created, which the pages' policy
// (no eval) refuses and reports; interpreted parsers are fast enough for an agenda file.
config({ jitless: true });
