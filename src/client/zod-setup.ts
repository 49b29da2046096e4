import { z } from 'zod'

// D22: no code generation in the mini-program (WeChat forbids eval/new Function). Imported first by app.ts.
z.config({ jitless: true })
