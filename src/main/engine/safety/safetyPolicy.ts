// The content safety rule, in one place. Doppel Studio refuses to synthesise from or onto sexual
// imagery: the worst harm of face swapping is non-consensual sexual imagery of real people, and no
// consent record can make that safe to produce, so the check runs before any synthesis work and
// there is deliberately no setting, flag, environment variable or contract field that turns it
// off or loosens it. Changing a value here changes the product's policy: it needs review, and
// SAFETY_POLICY_VERSION must be bumped so cached verdicts are recomputed.

/** Part of every cached verdict's key: cached results of another policy are never reused. */
export const SAFETY_POLICY_VERSION = 1;

/**
 * The three classifiers that vote (the models nsfwjs ships, converted to ONNX; manifests in
 * models/embedded). Three architectures trained on the same data make different mistakes, so a
 * majority of them is far less likely to misfire than any one.
 */
export const CONTENT_CLASSIFIER_MODEL_IDS = [
  'nsfw-mobilenet-v2',
  'nsfw-mobilenet-v2-mid',
  'nsfw-inception-v3',
] as const;

/**
 * The NSFWJS classes that denote sexual content; a model's "sexual score" for a picture is the sum
 * of their probabilities (Drawing and Neutral are safe).
 * - Porn ("pornographic images, sexual acts") and Hentai ("hentai and pornographic drawings") are
 *   sexual by definition.
 * - Sexy ("sexually explicit images, not pornography") is counted too: the training set the
 *   classifiers come from files nude photos under it, and nude pictures are the commonest form of
 *   non-consensual intimate imagery. Its price is that confident swimwear or lingerie pictures can
 *   be refused as well; refusing those is the cheaper mistake for a face-swapping tool. Ordinary
 *   portraits and talking heads score far below the threshold (see the highest scores measured on
 *   the developer media in the test report).
 */
export const SEXUAL_CONTENT_CLASSES = ['Porn', 'Hentai', 'Sexy'] as const;

/** A model flags a picture when its sexual score reaches this: sexual is its more likely reading. */
export const MODEL_FLAG_SCORE = 0.5;

/**
 * A picture is flagged when at least this many of the three classifiers flag it (a majority, as
 * FaceFusion does with its three classifiers). Equivalently: the median sexual score reaches
 * MODEL_FLAG_SCORE, which is the "vote score" verdicts report.
 */
export const VOTES_TO_FLAG = 2;

/**
 * Target videos are sampled at least once per second over their whole length (plus any frames
 * the caller adds, such as every frame the preview renders): a scene of a few seconds cannot hide
 * between samples.
 */
export const TARGET_SAMPLES_PER_SECOND = 1;

/**
 * A video is refused when MORE than this fraction of its samples is flagged (FaceFusion's rule).
 * The tolerance absorbs a classifier's rare misfire on an ordinary frame (a long video has many
 * chances for one), while sexual footage, in which most frames are flagged, is always refused.
 * A single picture (a source image, a preview frame) has no tolerance: if it is flagged, it is
 * refused.
 */
export const MAX_FLAGGED_SAMPLE_FRACTION = 0.1;
