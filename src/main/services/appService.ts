// app.* of the contract: what is running, where its data lives, which ffmpeg it found.
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { AppInfo, appService } from '../../shared/contracts/studioContract';
import { describeFfmpeg } from '../media/ffmpegLocator';
import { APP_VERSION } from '../appVersion';

export class AppServiceImpl implements ServiceImplementation<typeof appService> {
  constructor(
    private readonly mode: 'electron' | 'browser' | 'cli',
    private readonly dataDir: string,
  ) {}

  async getInfo(): Promise<AppInfo> {
    return {
      name: 'Doppel Studio',
      version: APP_VERSION,
      mode: this.mode,
      platform: `${process.platform}-${process.arch}`,
      dataDir: this.dataDir,
      ffmpeg: await describeFfmpeg(),
    };
  }
}
