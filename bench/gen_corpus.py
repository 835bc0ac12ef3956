#!/usr/bin/env python3
"""Deterministic corpus generator for the servicelint benchmark (python3 standard library only).

Writes customer-service scripts and SOPs in Chinese, English and a mix of both: headings (ATX,
setext, Chinese outline), steps in every numbering style, bullets, speaker turns (客服：/Agent:),
tables, fences, suppression comments, time standards ("10秒内", "within 3 rings"), negative phrases
("不知道", "I don't know") and quoted counter-example lists.

The same arguments always produce the same bytes.

    python3 bench/gen_corpus.py --out target/bench/corpus --files 2000 --size 10240
    python3 bench/gen_corpus.py --out target/bench/big --files 0 --big-mb 20
"""

import argparse
import os
import random
import sys

# ---------------------------------------------------------------- fragments

ZH_TOPICS = [
    "电话接待", "门店接待", "投诉处理", "退换货", "账单查询", "会员办理", "快递延误", "酒店前台",
    "售后维修", "在线客服", "银行柜台", "航班改签", "餐厅点餐", "物业报修", "话费充值",
]
EN_TOPICS = [
    "Phone reception", "Walk-in reception", "Complaint handling", "Returns", "Billing questions",
    "Membership sign-up", "Late delivery", "Hotel front desk", "Repairs", "Live chat",
    "Bank counter", "Flight changes", "Restaurant orders", "Facility repairs", "Top-ups",
]

ZH_AGENT = ["客服", "坐席", "前台", "店员", "话务员", "工作人员", "客服A", "**客服**"]
ZH_CUSTOMER = ["顾客", "客户", "来电者", "客人", "用户"]
EN_AGENT = ["Agent", "Rep", "CSR", "Advisor", "Agent (Sam)", "**Agent**", "Staff"]
EN_CUSTOMER = ["Customer", "Caller", "Guest", "Client"]

ZH_GOOD = [
    "您好，欢迎致电{topic}服务热线，工号{num}很高兴为您服务，请问有什么可以帮您？",
    "非常抱歉给您带来不便，我马上为您核实处理。",
    "请您稍等，我帮您查询一下订单状态【等待3秒】。",
    "感谢您的耐心等待，您的问题已经登记，我们会在{hours}小时内给您回复。",
    "我理解您现在很着急，我们一起看看可以怎么处理。",
    "好的，已为您办理完成，请问还有其他可以帮您的吗？",
    "为了保障您的权益，我们的流程是先核实身份，麻烦您提供一下手机号后四位。",
    "感谢您的来电，祝您生活愉快，再见！",
    "{{customer_name}}您好，您预约的{topic}时间是明天上午{n}点。",
    "请问您方便提供一下订单号吗？（停顿）好的，收到。",
]
ZH_BAD = [
    "不知道，你自己去官网查吧。",
    "这不归我管，你找别人吧。",
    "没办法，这是公司规定。",
    "你必须先填表，不然我们不能办。",
    "您别激动，我也没办法。",
    "系统就是这样，我处理不了。",
    "喂，什么事？",
    "我很忙，你等一下。",
]
ZH_CUSTOMER_LINES = [
    "我的快递已经延误{n}天了，怎么回事？",
    "我想办理退货，可以吗？",
    "你们的电话怎么这么难打通？",
    "上个月的账单多扣了{n}元。",
    "好的，谢谢。",
    "我要投诉，你们的服务太差了！",
    "请问营业时间是几点到几点？",
]
EN_GOOD = [
    "Good morning, thank you for calling {topic}, my name is Sam. How can I help you today?",
    "I'm sorry for the trouble, let me look into that for you right away.",
    "Could you hold for a moment while I check your order? [pause]",
    "Thanks for your patience, I've logged the issue and we'll get back to you within {hours} hours.",
    "I understand this is frustrating; let's see what we can do together.",
    "That's all done for you. Is there anything else I can help with?",
    "Hi {{customer_name}}, your {topic} appointment is tomorrow at {n} am.",
    "Thank you for calling, have a great day!",
]
EN_BAD = [
    "I don't know, check the website.",
    "That's not my job, ask someone else.",
    "Calm down, there's nothing I can do.",
    "You have to fill in the form first, we can't do it otherwise.",
    "It's company policy, I can't help you.",
    "Whatever, the system is like that.",
]
EN_CUSTOMER_LINES = [
    "My parcel is {n} days late, what's going on?",
    "I'd like to return this, please.",
    "Why is it so hard to get through to you?",
    "I was charged {n} dollars too much last month.",
    "OK, thanks.",
    "I want to make a complaint.",
]

ZH_STEPS = [
    "电话铃响{rings}声内接听，先报公司名称和工号",
    "顾客进店后{secs}秒内主动问候，面带微笑，目光接触",
    "复述顾客的问题，确认理解无误",
    "查询系统记录，{mins}分钟内给出答复",
    "无法当场解决的，登记工单并在{hours}小时内回电",
    "向顾客致歉后说明处理方案",
    "结束前询问是否还有其他需要，礼貌道别",
    "等顾客先挂机后再挂断电话",
    "投诉需在24小时内响应，{days}个工作日内办结",
    "递送物品时双手奉上，文字正对顾客",
]
EN_STEPS = [
    "Answer the phone within {rings} rings and give the company name",
    "Greet walk-in customers within {secs} seconds, with a smile and eye contact",
    "Repeat the customer's question back to confirm it",
    "Check the account history and reply within {mins} minutes",
    "If it cannot be solved now, open a ticket and call back within {hours} hours",
    "Apologise, then explain what happens next",
    "Before closing, ask whether there is anything else",
    "Let the customer hang up first",
    "Acknowledge complaints within 24 hours and resolve them within {days} business days",
]
ZH_PROSE = [
    "本规范适用于{topic}岗位的全体员工，服务时应使用普通话，语速适中，态度热情。",
    "服务过程中应做到“来有迎声、问有答声、走有送声”，不得推诿顾客。",
    "遇到无法解答的问题，应主动联系相关同事，不能让顾客久等。",
    "所有通话均会录音，用于质量检查和培训。",
    "工作时间内不得私下聊天、玩手机或大声喧哗。",
    "顾客情绪激动时，先安抚情绪，再处理事情。",
]
EN_PROSE = [
    "This procedure applies to all {topic} staff. Speak clearly, at a steady pace, and stay friendly.",
    "Never leave a customer waiting without telling them why and for how long.",
    "If you cannot answer a question, find a colleague who can instead of turning the customer away.",
    "All calls are recorded for quality and training purposes.",
    "When a customer is upset, deal with the feelings first, then the problem.",
]
ZH_COUNTER = [
    "服务忌语：“不知道”“没办法”“这不归我管”“你必须”“喂”。",
    "禁止使用以下用语：「不知道」、「没办法」、「你找别人吧」。",
    "错误示例：“我也没办法，这是规定。”",
]
EN_COUNTER = [
    'Never say: "I don\'t know", "calm down", "that\'s not my job".',
    'Phrases to avoid: "you have to", "it\'s company policy", "whatever".',
    'Wrong: "I can\'t help you." Right: "Here is what I can do."',
]
TABLE_ZH = [
    "| 错误说法 | 规范用语 |",
    "| --- | --- |",
    "| 不知道 | 我帮您确认一下 |",
    "| 没办法 | 我来帮您想想办法 |",
    "| 这不归我管 | 我帮您联系负责的同事 |",
    "| 你必须 | 麻烦您 |",
]
TABLE_EN = [
    "| Don't say | Say instead |",
    "|:---|:---|",
    "| I don't know | Let me find out for you |",
    "| Calm down | I understand this is frustrating |",
    "| That's not my job | Let me get the right person |",
]
TABLE_TIME = [
    "| 环节 | 时限 | Standard |",
    "| --- | --- | --- |",
    "| 接听电话 | 铃响3声内 | within 3 rings |",
    "| 首次问候 | 10秒内 | within 10 seconds |",
    "| 邮件回复 | 2小时内 | within 2 hours |",
    "| 投诉响应 | 24小时内 | within 24 hours |",
]
CN_NUM = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def step_marker(style, i):
    """A step marker in one of SPEC's numbering styles."""
    i = max(1, min(i, 10))
    return [
        f"{i}. ",
        f"{i}) ",
        f"{i}、",
        f"（{i}）",
        f"({i}) ",
        CIRCLED[i - 1],
        f"第{CN_NUM[i - 1]}步：",
        f"Step {i}: ",
        f"{chr(0xFF10 + i % 10)}．",
        f"第{i}步 ",
    ][style % 10]


class Writer:
    """Builds one document from fragments until it reaches a target size."""

    def __init__(self, rng, lang):
        self.rng = rng
        self.lang = lang
        self.lines = []
        self.size = 0

    def add(self, line):
        self.lines.append(line)
        self.size += len(line.encode("utf-8")) + 1

    def pick(self, pool):
        return self.rng.choice(pool)

    def fill(self, template, topic):
        # Time standards mostly agree across documents, as in a real SOP set; some deviate.
        return (
            template.replace("{topic}", topic)
            .replace("{rings}", str(self.rng.choice([3, 3, 3, 3, 3, 2])))
            .replace("{secs}", str(self.rng.choice([10, 10, 10, 15, 30])))
            .replace("{mins}", str(self.rng.choice([2, 2, 3, 5])))
            .replace("{hours}", str(self.rng.choice([2, 2, 24, 24, 48])))
            .replace("{days}", str(self.rng.choice([3, 3, 3, 5])))
            .replace("{n}", str(self.rng.randint(1, 48)))
            .replace("{num}", str(self.rng.randint(1000, 9999)))
        )

    def which(self):
        if self.lang == "mixed":
            return self.rng.choice(["zh", "en"])
        return self.lang


def heading(w, level, topic, lang, index):
    style = w.rng.randrange(4)
    if lang == "zh":
        title = f"{topic}{w.pick(['流程', '规范', '标准话术', '注意事项', '时间标准'])}"
        if style == 0:
            w.add(f"{CN_NUM[index % 10]}、{title}")
        elif style == 1 and level == 1:
            w.add(f"第{CN_NUM[index % 10]}章 {title}")
        elif style == 2:
            w.add(title)
            w.add("=" * 8 if level == 1 else "-" * 8)
        else:
            w.add(f"{'#' * level} {title}")
    else:
        title = f"{topic} {w.pick(['procedure', 'standards', 'script', 'checklist', 'time limits'])}"
        if style == 2:
            w.add(title)
            w.add("=" * len(title) if level == 1 else "-" * len(title))
        else:
            w.add(f"{'#' * level} {title}")
    w.add("")


def section_script(w, topic):
    lang = w.which()
    heading(w, 2, topic, lang, w.rng.randrange(10))
    crlf_turns = w.rng.randrange(6, 14)
    for t in range(crlf_turns):
        agent = t % 2 == 0
        if lang == "zh":
            label = w.pick(ZH_AGENT if agent else ZH_CUSTOMER)
            colon = w.pick(["：", "：", ":"])
            if label.startswith("**"):
                label, colon = label + colon.replace(":", "："), ""
            if agent:
                body = w.fill(w.pick(ZH_BAD if w.rng.random() < 0.2 else ZH_GOOD), topic)
            else:
                body = w.fill(w.pick(ZH_CUSTOMER_LINES), topic)
            if w.rng.random() < 0.1:
                w.add(f"- {label}{colon}{body}")
            else:
                w.add(f"{label}{colon}{body}")
        else:
            label = w.pick(EN_AGENT if agent else EN_CUSTOMER)
            if agent:
                body = w.fill(w.pick(EN_BAD if w.rng.random() < 0.2 else EN_GOOD), topic)
            else:
                body = w.fill(w.pick(EN_CUSTOMER_LINES), topic)
            w.add(f"{label}: {body}")
        if w.rng.random() < 0.05:
            w.add("")
    w.add("")


def section_steps(w, topic):
    lang = w.which()
    heading(w, 2, topic, lang, w.rng.randrange(10))
    style = w.rng.randrange(10)
    for i in range(1, w.rng.randrange(4, 10) + 1):
        pool = ZH_STEPS if lang == "zh" else EN_STEPS
        w.add(step_marker(style, i) + w.fill(w.pick(pool), topic))
        if w.rng.random() < 0.3:
            indent = " " * w.rng.choice([2, 3, 4]) if w.rng.random() < 0.8 else "\u3000\u3000"
            bullet = w.pick(["- ", "* ", "• ", "· "])
            if lang == "zh":
                w.add(indent + bullet + w.fill(w.pick(ZH_PROSE), topic))
            else:
                w.add(indent + bullet + w.fill(w.pick(EN_PROSE), topic))
        if w.rng.random() < 0.15:
            quote = w.pick(ZH_GOOD if lang == "zh" else EN_GOOD)
            if lang == "zh":
                w.add(f"   话术：“{w.fill(quote, topic)}”")
            else:
                w.add(f'   Say: "{w.fill(quote, topic)}"')
    w.add("")


def section_prose(w, topic):
    lang = w.which()
    heading(w, 3, topic, lang, w.rng.randrange(10))
    for _ in range(w.rng.randrange(2, 5)):
        if lang == "zh":
            para = "".join(w.fill(w.pick(ZH_PROSE), topic) for _ in range(w.rng.randrange(1, 4)))
        else:
            para = " ".join(w.fill(w.pick(EN_PROSE), topic) for _ in range(w.rng.randrange(1, 4)))
        w.add(para)
        w.add("")


def section_counter(w, topic):
    lang = w.which()
    if lang == "zh":
        w.add(f"### {w.pick(['服务忌语', '禁用语', '错误示范'])}")
        w.add("")
        for line in w.rng.sample(ZH_COUNTER, 2):
            w.add(line)
        w.add("")
        rows = TABLE_ZH
    else:
        w.add(f"### {w.pick(['Phrases to avoid', 'Do and don t', 'Bad examples'])}")
        w.add("")
        for line in w.rng.sample(EN_COUNTER, 2):
            w.add(line)
        w.add("")
        rows = TABLE_EN
    for row in rows:
        w.add(row)
    w.add("")


def section_time(w, topic):
    w.add(w.pick(["## 时间标准", "## Time standards", "四、服务时限"]))
    w.add("")
    for row in TABLE_TIME:
        w.add(row)
    w.add("")
    w.add(w.pick([
        "前台须在顾客到达后10秒内起身问候，电话须在铃响3声内接听。",
        "Answer every call within 3 rings; reply to e-mail within 2 hours.",
        "投诉须在24小时内首次响应，一般问题3个工作日内办结。",
        "Greet guests within 30 seconds; never leave a caller on hold for more than 1 minute.",
    ]))
    w.add("")


def section_misc(w, topic):
    r = w.rng.randrange(3)
    if r == 0:
        w.add("```")
        w.add("客服：不知道（代码块里的文字不检查）")
        w.add("Agent: I don't know")
        w.add("```")
    elif r == 1:
        w.add("<!-- servicelint-disable-next-line phrasing/negative -->")
        w.add(w.pick(["客服：我不能替您决定，请您自己选择。", "Agent: I can't decide for you."]))
    else:
        w.add("<!-- 本节由培训部维护 -->")
        w.add(w.pick(["> 提示：服务用语请参考附录。", "> Note: see the appendix for approved wording."]))
    w.add("")


SECTIONS = [section_script, section_steps, section_prose, section_counter, section_time, section_misc]
WEIGHTS = [4, 4, 2, 1, 1, 1]


def document(rng, size, index, front=True):
    """One document of about `size` bytes."""
    lang = rng.choice(["zh", "zh", "en", "mixed"])
    kind = rng.choice(["script", "sop"])
    w = Writer(rng, lang)
    topic_zh = rng.choice(ZH_TOPICS)
    topic_en = rng.choice(EN_TOPICS)
    if front and rng.random() < 0.3:
        w.add("---")
        w.add(f"kind: {kind}")
        if lang != "mixed":
            w.add(f"lang: {lang}")
        w.add(f"title: {topic_zh if lang == 'zh' else topic_en} #{index}")
        w.add("---")
        w.add("")
    w.add(f"# {topic_zh if lang != 'en' else topic_en}{'话术' if lang != 'en' else ' script'}")
    w.add("")
    while w.size < size:
        section = rng.choices(SECTIONS, WEIGHTS)[0]
        if kind == "script" and rng.random() < 0.5:
            section = section_script
        topic = topic_zh if w.lang == "zh" else topic_en if w.lang == "en" else rng.choice([topic_zh, topic_en])
        section(w, topic)
    text = "\n".join(w.lines) + "\n"
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


def write_if_changed(path, data):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return
    except OSError:
        pass
    with open(path, "wb") as f:
        f.write(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--files", type=int, default=2000, help="number of small files (default 2000)")
    ap.add_argument("--size", type=int, default=10 * 1024, help="approximate bytes per file (default 10240)")
    ap.add_argument("--big-mb", type=float, default=0, help="also write big.md of this many MB (default none)")
    ap.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    stamp = os.path.join(args.out, ".stamp")
    wanted = f"v2 files={args.files} size={args.size} big={args.big_mb} seed={args.seed}\n"
    try:
        with open(stamp, encoding="utf-8") as f:
            if f.read() == wanted:
                print(f"{args.out}: up to date", file=sys.stderr)
                return
    except OSError:
        pass
    total = 0
    for i in range(args.files):
        rng = random.Random(args.seed * 1_000_003 + i)
        folder = os.path.join(args.out, ["zh", "en", "mixed", "sop"][i % 4], f"d{i // 100:03}")
        os.makedirs(folder, exist_ok=True)
        ext = ".txt" if i % 7 == 0 else ".md"
        data = document(rng, args.size, i)
        write_if_changed(os.path.join(folder, f"doc{i:05}{ext}"), data)
        total += len(data)
    if args.big_mb > 0:
        target = int(args.big_mb * 1_000_000)
        rng = random.Random(args.seed * 7_919)
        parts = []
        size = 0
        n = 0
        while size < target:
            # One long SOP: concatenated documents, front matter only at the top.
            data = document(rng, 64 * 1024, n, front=n == 0)
            parts.append(data)
            size += len(data)
            n += 1
        data = b"".join(parts)
        write_if_changed(os.path.join(args.out, "big.md"), data)
        total += len(data)
    with open(stamp, "w", encoding="utf-8") as f:
        f.write(wanted)
    amount = f"{total / 1e6:.1f} MB" if total >= 1e6 else f"{total / 1e3:.1f} KB"
    print(f"{args.out}: {args.files} files{' + big.md' if args.big_mb > 0 else ''}, {amount}", file=sys.stderr)


if __name__ == "__main__":
    main()
