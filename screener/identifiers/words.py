"""Capitalised words that are not names, for the name detector (names.py).

A name is found from wording ("I'm Jo", "this is Jo") and a capital letter. The
capital is the strong signal, since nobody capitalises "tired" mid-sentence; this
list is the safety net for the words people do capitalise, or type with a capital by
habit: feelings and states ("I am Tired", "I'm Sure"), nationalities and faiths ("I
am English"), the conditions and medicines of this questionnaire ("this is
Dystonia", "called Botox"), days and festivals, and small words of a sentence typed
in Title Case.

Left out on purpose: words that are also common first names (Will, May, June, Hope,
Grace, Joy, Faith, Rose, Mark, Bill, Sue, Pat, Ray, Dawn, Summer, Frank, Sunny); the
months, several of which are names too; and surnames that name a condition
(Parkinson, Huntington, Wilson), of which only the possessive is listed.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """The words of a list written as text, one or more a line, for easy reading."""
    return frozenset(text.split())


#: Small words: a sentence in Title Case, or a cue followed by one ("my name is Not
#: important", "Dr Then said"). The only list that applies after a title or "my name
#: is": those cues are strong, and words such as "Black" or "White" are surnames.
SMALL_WORDS: frozenset[str] = _words(
    """
    a an the and or but nor not no yes so very really just also still now then here
    there this that these those it its my your his her our their me him them we you
    he she they i is am are was were be been being have has had do does did can
    could would should must might shall on in at to of for with from by about
    into onto over under after before since until till when while because if as
    like what which who whom how why where all some any every each both only even
    always never often sometimes usually normally currently actually definitely
    probably possibly quite too almost nearly already finally generally mostly
    mainly partly slightly extremely constantly
    getting going having feeling trying doing being taking looking writing working
    living struggling suffering waiting hoping coping managing filling answering
    here's there's that's it's
    something nothing everything anything someone somebody nobody everyone
    everybody anyone hello hi hey dear thanks thank please sorry well oh
    """
)

#: Everything that is not a name after the weak cues ("I am", "this is", "called").
NOT_NAMES: frozenset[str] = SMALL_WORDS | _words(
    # Feelings, states and circumstances: "I am Tired", "I'm Sure".
    """
    tired sure unsure worried anxious scared frightened afraid fine ok okay good
    better worse bad sad happy unhappy depressed stressed exhausted fed upset
    confused concerned nervous embarrassed ashamed frustrated lonely desperate
    grateful thankful glad pleased relieved hopeful ready able unable aware unaware
    certain uncertain convinced positive negative right wrong late early new old
    young older younger single married divorced widowed separated engaged retired
    unemployed employed self-employed disabled pregnant healthy ill unwell sick
    poorly fit active awake asleep alone home back off out up down away free busy
    deaf blind diabetic epileptic asthmatic autistic dyslexic left-handed
    right-handed vegetarian vegan female male trans nonbinary non-binary gay
    straight lesbian bisexual desperate curious interested keen pain painful sore
    left stiff shaky weak strong numb dizzy fed-up worn worn-out overwhelmed scared
    terrified shocked surprised annoyed angry fearful ashamed hesitant reluctant
    caring responsible answering involved awful terrible horrible unbearable
    impossible hard difficult exhausting embarrassing frustrating ridiculous
    important serious urgent normal weird strange
    """
    # Nationalities, peoples and faiths, which English capitalises.
    """
    english british scottish welsh irish northern european american canadian
    australian african caribbean asian indian pakistani bangladeshi chinese
    japanese polish romanian italian spanish portuguese french german dutch greek
    turkish arab arabic kurdish somali nigerian ghanaian jamaican filipino black
    white mixed jewish muslim christian catholic protestant anglican methodist
    hindu sikh buddhist atheist agnostic
    """
    # Conditions and medicines patients name here: "this is Dystonia", "a drug
    # called Botox", "I'm on Sinemet".
    """
    dystonia dystonic parkinson's parkinsons tourette's tourettes huntington's
    huntingtons wilson's essential tremor
    ms fnd botox botulinum dysport xeomin neurobloc sinemet madopar stalevo
    levodopa co-careldopa co-beneldopa baclofen artane trihexyphenidyl
    procyclidine clonazepam diazepam propranolol gabapentin pregabalin
    tetrabenazine amitriptyline ropinirole pramipexole rotigotine
    """
    # Days, times and festivals.
    """
    monday tuesday wednesday thursday friday saturday sunday today tomorrow
    yesterday tonight morning afternoon evening night weekend christmas easter
    ramadan diwali eid
    """
    # Family words: "this is Mum" names a role, not a person.
    """
    mum mummy mom mother dad daddy father nan nana gran granny grandma grandad
    grandpa grandmother grandfather son daughter husband wife partner brother
    sister child baby carer friend
    """
)


def folded(word: str) -> str:
    """The word as the lists hold it: lower case, with a straight apostrophe."""
    return word.lower().replace("’", "'")
