"use client";

import { createElement, useEffect, useRef, useState } from "react";
import type { CaptchaChallenge } from "@/lib/captcha/captcha";

/** The image CAPTCHA: shown when the browser runs no JavaScript, or when the proof-of-work widget fails. */
export function ImageCaptchaFields({ captcha, error }: { captcha: CaptchaChallenge; error?: string }) {
  return (
    <div className="field" data-testid="image-captcha">
      <label htmlFor="captchaAnswer">
        验证码<span aria-hidden="true">（必填）</span>
      </label>
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={captcha.imageDataUrl} alt="验证码图片，由4个字母或数字组成" width={150} height={50} data-testid="captcha-image" />
      <input type="hidden" name="captchaToken" value={captcha.token} />
      <input
        id="captchaAnswer"
        name="captchaAnswer"
        type="text"
        autoComplete="off"
        spellCheck={false}
        maxLength={10}
        required
        style={{ maxWidth: "10rem" }}
        aria-describedby={`captcha-hint${error ? " captchaAnswer-error" : ""}`}
        aria-invalid={error ? true : undefined}
      />{" "}
      <button className="btn secondary small" type="submit" name="intent" value="refresh-captcha" formNoValidate>
        看不清，换一张
      </button>
      <p className="hint" id="captcha-hint">
        请输入图片中的字符，不区分大小写。如无法识别验证码，可拨打本机关电话或到现场提交申请。
      </p>
      {error && (
        <p className="field-error" id="captchaAnswer-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The proof-of-work check (ALTCHA widget, bundled with the site: no outside request). It starts
 * solving as soon as the page loads, while the applicant fills in the form, and puts its answer in
 * a hidden field named "altcha". Without JavaScript the element stays empty and the <noscript>
 * image CAPTCHA is used instead; if the widget fails (very old browser), the image is shown here.
 */
export function PowCaptchaField({ challenge, image, error }: { challenge: string; image: CaptchaChallenge; error?: string }) {
  const ref = useRef<HTMLElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const el = ref.current;
    const onState = (ev: Event) => {
      if ((ev as CustomEvent<{ state?: string }>).detail?.state === "error") setFailed(true);
    };
    el?.addEventListener("statechange", onState);
    (async () => {
      try {
        await import("altcha/i18n/zh-cn");
        await import("altcha");
      } catch {
        if (!cancelled) setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      el?.removeEventListener("statechange", onState);
    };
  }, []);

  return (
    <>
      <div className="field" data-testid="pow-captcha">
        <span className="label" id="altcha-label">
          人机验证<span aria-hidden="true">（自动完成）</span>
        </span>
        {createElement("altcha-widget", {
          ref,
          challenge,
          name: "altcha",
          auto: "onload",
          language: "zh-cn",
          configuration: JSON.stringify({ hideFooter: true, hideLogo: true }),
          "aria-labelledby": "altcha-label",
          "data-testid": "pow-widget",
        })}
        <p className="hint">页面会在您填写表单时自动完成验证（通常只需几秒钟），显示“已验证”后即可提交。</p>
        {error && (
          <p className="field-error" id="altcha-error">
            {error}
          </p>
        )}
      </div>
      {failed && <ImageCaptchaFields captcha={image} />}
    </>
  );
}
