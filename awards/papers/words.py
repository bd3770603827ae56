"""Amounts of money in Vietnamese words, as a decision writes them after the figures: 420.000 đồng (Bốn trăm
hai mươi nghìn đồng)."""

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def _triple(number: int, *, full: bool) -> list[str]:
    """0–999 in words; `full` when a higher group precedes it ("một triệu không trăm linh năm nghìn")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
        if units:
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def number_words(number: int) -> str:
    """A whole number of đồng in words, lower case: 1390000 -> "một triệu ba trăm chín mươi nghìn"."""
    if number == 0:
        return _DIGITS[0]
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    if len(groups) > len(_GROUPS):
        raise ValueError("too large")
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if not value:
            continue
        words += _triple(value, full=bool(words))
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    return " ".join(words)


def money_words(amount: int) -> str:
    """ "Bốn trăm hai mươi nghìn đồng": the amount in words, capitalised, with the currency."""
    text = number_words(amount)
    return f"{text[:1].upper()}{text[1:]} đồng"
