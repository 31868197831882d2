// Every service the renderer (and the CLI, and tests) can reach. Methods take one argument object.
import { playbackProxyStateSchema } from '../model/playbackProxySchemas';
import { z } from 'zod';
import { defineService, type ServiceClient, type ServiceImplementation } from './defineService';
import {
  assetSchema,
  idSchema,
  importProgressSchema,
  importResultSchema,
  projectSummarySchema,
  recentProjectSchema,
  timelineSchema,
} from '../model/schemas';
import { editCommandSchema } from '../timeline/editCommands';
import { historyStateSchema } from '../timeline/editHistory';
import { clipEffectSchema, effectKindSchema } from '../timeline/editState';
import { timelineMarksSchema } from '../timeline/timelineMarks';
import { renderService } from './renderContract';
import { facesService } from './facesContract';
import { voiceService } from './voiceContract';
import { modelsService } from './modelsContract';
import { previewService } from './previewContract';
import { consentService, identityService, inspectorService, provenanceService } from './provenanceContract';

const empty = z.object({}).strict();
const projectPath = z.string().min(1).max(4096);

export const appService = defineService({
  methods: {
    getInfo: {
      input: empty,
      output: z.object({
        name: z.string(),
        version: z.string(),
        mode: z.enum(['electron', 'browser', 'cli']),
        platform: z.string(),
        dataDir: z.string(),
        ffmpeg: z.object({
          ffmpegPath: z.string().nullable(),
          ffprobePath: z.string().nullable(),
          version: z.string().nullable(),
        }),
      }),
    },
  },
  events: {},
});

export const projectService = defineService({
  methods: {
    create: { input: z.object({ path: projectPath }), output: projectSummarySchema },
    open: { input: z.object({ path: projectPath }), output: projectSummarySchema },
    close: { input: empty, output: z.null() },
    getCurrent: { input: empty, output: projectSummarySchema.nullable() },
    listRecent: { input: empty, output: z.array(recentProjectSchema) },
    forgetRecent: { input: z.object({ path: projectPath }), output: z.null() },
    /** A sensible place for a new project (the user's documents folder), for the "new" form. */
    suggestNewPath: {
      input: z.object({ name: z.string().min(1).max(200) }),
      output: z.object({ path: z.string() }),
    },
  },
  events: {
    didChangeProject: projectSummarySchema.nullable(),
  },
});

export const mediaService = defineService({
  methods: {
    import: {
      input: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }),
      output: importResultSchema,
    },
    list: { input: empty, output: z.array(assetSchema) },
    /** Points a missing asset at a new file; refuses a different file unless `allowDifferentContent`. */
    relink: {
      input: z.object({
        assetId: idSchema,
        path: z.string().min(1).max(4096),
        allowDifferentContent: z.boolean().default(false),
      }),
      output: assetSchema,
    },
    /** Looks for every missing asset's file name inside a folder and relinks the matches. */
    relinkFromFolder: {
      input: z.object({ folder: z.string().min(1).max(4096) }),
      output: z.array(assetSchema),
    },
    remove: { input: z.object({ assetId: idSchema }), output: z.null() },
    /** Filmstrip sprite geometry and waveform peaks, for drawing clips. */
    getPeaks: {
      input: z.object({ assetId: idSchema }),
      output: z.object({ peaksPerSecond: z.number().positive(), peaks: z.array(z.number()) }).nullable(),
    },
    /** Playback proxies of the open project's videos that the viewer cannot play as they are. */
    listProxies: { input: empty, output: z.array(playbackProxyStateSchema) },
  },
  events: {
    didImportProgress: importProgressSchema,
    didChangeAssets: z.array(assetSchema),
    didChangeProxy: playbackProxyStateSchema,
  },
});

export const timelineService = defineService({
  methods: {
    get: { input: empty, output: timelineSchema },
    /** Applies an edit, saves it and records it for undo, all in one transaction. */
    apply: { input: z.object({ command: editCommandSchema }), output: timelineSchema },
    /** Takes back the last applied edit (no-op when there is none); history survives reopening. */
    undo: { input: empty, output: timelineSchema },
    redo: { input: empty, output: timelineSchema },
    /** Whether undo/redo can run, with the labels of what they would do. */
    canUndo: { input: empty, output: historyStateSchema },
    /** Every clip's effects stack (changed through `apply` with the effect commands). */
    listEffects: { input: empty, output: z.array(clipEffectSchema) },
    /** The effect kinds this studio can apply (addEffect refuses others). */
    listEffectKinds: { input: empty, output: z.array(effectKindSchema) },
    /** Markers and in/out points: saved with the project, not undoable. */
    getMarks: { input: empty, output: timelineMarksSchema },
    setMarks: { input: z.object({ marks: timelineMarksSchema }), output: timelineMarksSchema },
  },
  events: {
    didChangeTimeline: timelineSchema,
    didChangeEffects: z.array(clipEffectSchema),
    didChangeHistory: historyStateSchema,
    didChangeMarks: timelineMarksSchema,
  },
});

export const dialogService = defineService({
  methods: {
    /** Native file dialogs exist only under Electron; browser mode answers `supported: false`. */
    showOpen: {
      input: z.object({
        purpose: z.enum(['project', 'media', 'folder', 'model']),
        multiple: z.boolean().default(false),
      }),
      output: z.object({ supported: z.boolean(), paths: z.array(z.string()) }),
    },
    showSave: {
      input: z.object({ purpose: z.enum(['project', 'render']), defaultPath: z.string().optional() }),
      output: z.object({ supported: z.boolean(), path: z.string().nullable() }),
    },
    revealInFolder: {
      input: z.object({ path: z.string().min(1) }),
      output: z.object({ supported: z.boolean() }),
    },
  },
  events: {},
});

export const studioContract = {
  app: appService,
  project: projectService,
  media: mediaService,
  timeline: timelineService,
  dialogs: dialogService,
  render: renderService,
  identities: identityService,
  consent: consentService,
  inspector: inspectorService,
  provenance: provenanceService,
  faces: facesService,
  voice: voiceService,
  models: modelsService,
  preview: previewService,
} as const;

export type StudioContract = typeof studioContract;
export type ServiceName = keyof StudioContract;

export type StudioServices = { [K in ServiceName]: ServiceClient<StudioContract[K]> };
export type StudioImplementations = { [K in ServiceName]: ServiceImplementation<StudioContract[K]> };

export type AppInfo = z.infer<(typeof appService)['methods']['getInfo']['output']>;
