/** The study panels' webview: the learning-rate finder or the tuning sweep, whichever the host sends. */
import { assertNever } from '../../../src/protocol/trainer';
import type { HostToStudy } from '../../../src/protocol/study';
import { LrFindView } from './lr-find-view';
import { StudyHost } from './study-host';
import { TuneView } from './tune-view';

function start(): void {
  let view: LrFindView | TuneView | undefined;
  const app = document.getElementById('app') ?? document.body;
  const host = new StudyHost(onMessage);

  function onMessage(message: HostToStudy): void {
    switch (message.type) {
      case 'lr/state':
        if (!(view instanceof LrFindView)) { view = new LrFindView(host); app.replaceChildren(view.root); }
        document.title = message.state.title;
        view.update(message.state);
        break;
      case 'tune/state':
        if (!(view instanceof TuneView)) { view = new TuneView(host); app.replaceChildren(view.root); }
        document.title = message.state.title;
        view.update(message.state);
        break;
      case 'tune/result':
        if (view instanceof TuneView) view.add(message.result, message.best, message.seconds);
        break;
      default:
        assertNever(message);
    }
  }

  new MutationObserver(() => view?.retheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  host.post({ type: 'study/ready' });
}

start();
