"""Function and question words per language: they do not count when the bot judges how
much of a question an item answers (they still count for ranking)."""

STOPWORDS: dict[str, str] = {
    "en": "a an the and or of to in on at for with from by is are am be was will can could "
    "do does did i me my you your we our he she it its they them this that what which who how "
    "when where why there here any some please have has get need want like would should not "
    "no yes so if about just",
    "de": "der die das den dem des ein eine einen einem einer und oder zu im in am an auf für "
    "mit von bei ist sind bin bist sein war wird kann können muss ich mich mir mein meine du "
    "dein sie ihr wir uns er es was wie wo wann warum wer welche gibt es hat habe haben "
    "brauche möchte bitte nicht kein keine so wenn über nur noch man hier da",
    "nl": "de het een en of van te in op aan voor met bij is zijn ben was wordt kan kun moet "
    "ik me mij mijn je jij jouw u we wij ons hij zij het wat hoe waar wanneer waarom wie welke "
    "er heb heeft hebben nodig wil graag niet geen als over alleen hier",
    "it": "il lo la i gli le un uno una e o di a da in con su per tra è sono sei essere sarà "
    "posso può devo io mi mio mia tu ti tuo noi ci lui lei che cosa come dove quando perché "
    "chi quale c ho ha hanno bisogno voglio vorrei per favore non se solo qui l d",
    "es": "el la los las un una y o de a en con por para del al es son soy estoy ser será "
    "puedo puede debo yo me mi mis tu te nosotros él ella que qué como cómo donde dónde cuando "
    "cuándo por qué quién cual hay tengo tiene necesito quiero por favor no si solo aquí lo",
    "ru": "и или в во на с со к ко по за из от у о об для это как что где когда почему кто "
    "какой какая какие я мне меня мой моя ты вы вас мы нас он она они есть быть будет можно "
    "могу нужно нужна нужен надо хочу пожалуйста не нет ли ли бы же только здесь",
    "uk": "і й та або в у на з із до по за від о про для це як що де коли чому хто який "
    "яка які я мені мене мій моя ти ви вас ми нас він вона вони є бути буде можна можу "
    "потрібно потрібна треба хочу будь ласка не ні чи б лише тут",
    "ar": "في من الى إلى على عن مع و او أو ان أن هل ما ماذا كيف اين أين متى لماذا من هو هي "
    "انا أنا انت أنت نحن لي لدي عندي هذا هذه ذلك التي الذي يمكن يمكنني اريد أريد احتاج "
    "أحتاج لا نعم كان يكون بعد قبل كل",
    "prs": "در از به با برای و یا که این آن را هم است هست هستم بود باشد میشود میتوانم "
    "میخواهم چه چطور کجا کی چرا کدام من مرا ما تو شما او آنها یک نه بله خود کنم کنید "
    "دارم دارید کار",
    "ur": "میں سے کو کا کی کے نے پر اور یا کہ یہ وہ ہے ہیں ہوں تھا ہو گا گی کیا کیسے کہاں "
    "کب کیوں کون کونسا مجھے میرا میری میرے ہم آپ اپنا اپنی ایک نہیں جی ہاں لیے چاہیے "
    "سکتا سکتی کر کریں",
    "zh-hans": "的 了 是 在 我 你 他 她 们 吗 呢 吧 啊 有 和 与 或 怎么 怎样 如何 什么 哪里 "
    "哪儿 为什么 谁 几 能 可以 要 想 需要 请 不 没 这 那 个 一 去 到",
}
