import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Outcome } from '@leadrelay/core';
import type { DestinationRuntime, Logger, Metrics } from '@leadrelay/runtime';

/**
 * Counts a destination's errors in a row across every worker replica (in Redis). After
 * `pauseAfterConsecutiveErrors` of them it pauses the destination's queue for
 * `pauseCooldownMs` — the trouble monitoring LeadConduit Classic does, except that it resumes
 * by itself. Any answer that is not an error (a success or a buyer's decline) resets the count.
 * Leads wait in the paused queue; none is lost or skipped. A pause an operator set by hand is
 * never lifted here: only pauses marked as automatic are.
 */
export class AutoPause {
  private readonly errorsKey: string;
  private readonly untilKey: string;
  private readonly markKey: string;
  private readonly labels: { campaign: string; destination: string };

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly queue: Queue,
    private readonly destination: DestinationRuntime,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {
    // The queue name is a hash tag, so these keys share the queue's Redis Cluster slot.
    const base = `${prefix}:autopause:${destination.queueName}`;
    this.errorsKey = `${base}:errors`;
    this.untilKey = `${base}:until`;
    this.markKey = `${base}:auto`;
    this.labels = { campaign: destination.campaign.id, destination: destination.config.id };
  }

  get enabled(): boolean {
    return this.destination.config.pauseAfterConsecutiveErrors > 0;
  }

  /** Counts one attempt's outcome; pauses the queue when the error run reaches the limit. */
  async record(outcome: Outcome): Promise<void> {
    if (!this.enabled) return;
    if (outcome !== 'error') {
      await this.redis.del(this.errorsKey);
      return;
    }
    const errors = await this.redis.incr(this.errorsKey);
    const { pauseAfterConsecutiveErrors, pauseCooldownMs } = this.destination.config;
    if (errors < pauseAfterConsecutiveErrors) return;
    // One replica wins the pause; the others see the key and do nothing.
    const won = await this.redis.set(
      this.untilKey,
      String(Date.now() + pauseCooldownMs),
      'PX',
      pauseCooldownMs,
      'NX',
    );
    if (won !== 'OK') return;
    await this.redis.set(this.markKey, '1');
    await this.redis.del(this.errorsKey);
    await this.queue.pause();
    this.metrics?.destinationPauses.inc(this.labels);
    this.metrics?.destinationPaused.set(this.labels, 1);
    this.logger.warn(
      { queue: this.destination.queueName, errors, cooldownMs: pauseCooldownMs },
      'destination auto-paused after consecutive errors',
    );
  }

  /** Resumes the queue once the cool-down has passed, if it was paused automatically. */
  async tick(): Promise<void> {
    if (!this.enabled) return;
    const [marked, until] = await Promise.all([
      this.redis.get(this.markKey),
      this.redis.get(this.untilKey),
    ]);
    if (marked === null || until !== null) return;
    if ((await this.redis.del(this.markKey)) === 0) return; // another replica resumed it
    await this.queue.resume();
    this.metrics?.destinationPaused.set(this.labels, 0);
    this.logger.info({ queue: this.destination.queueName }, 'destination resumed after auto-pause');
  }
}
