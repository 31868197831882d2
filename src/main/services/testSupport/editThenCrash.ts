// Run as a child process by timelineService.test.ts: opens a project, applies one edit through
// the real service and then dies with SIGKILL, without closing anything. Whatever was applied
// must be in the file anyway (each edit commits at once: that is the autosave).
import { ProjectStore } from '../../store/projectStore';
import { ProjectSession } from '../projectSession';
import { TimelineServiceImpl } from '../timelineService';

const [projectPath, clipId] = process.argv.slice(2);
const session = new ProjectSession();
session.replace(ProjectStore.open(projectPath!));
const service = new TimelineServiceImpl(session);
await service.apply({ command: { type: 'splitClips', clipIds: [clipId!], atUs: 1_000_000 } });
process.stdout.write('applied\n');
process.kill(process.pid, 'SIGKILL');
