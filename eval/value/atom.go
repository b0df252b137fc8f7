package value

// The atom types, one named Go type per q type. Temporal atoms store kdb+'s encoding:
// timestamp and timespan in nanoseconds, month in months, date in days, datetime in
// fractional days (all since 2000.01.01), minute/second/time in minutes/seconds/ms.
type (
	Bool      bool
	GUID      [16]byte
	Byte      byte
	Short     int16
	Int       int32
	Long      int64
	Real      float32
	Float     float64
	Char      byte
	Sym       string
	Timestamp int64
	Month     int32
	Date      int32
	Datetime  float64
	Timespan  int64
	Minute    int32
	Second    int32
	Time      int32
)

func (Bool) Type() Type      { return -TBool }
func (GUID) Type() Type      { return -TGUID }
func (Byte) Type() Type      { return -TByte }
func (Short) Type() Type     { return -TShort }
func (Int) Type() Type       { return -TInt }
func (Long) Type() Type      { return -TLong }
func (Real) Type() Type      { return -TReal }
func (Float) Type() Type     { return -TFloat }
func (Char) Type() Type      { return -TChar }
func (Sym) Type() Type       { return -TSym }
func (Timestamp) Type() Type { return -TTimestamp }
func (Month) Type() Type     { return -TMonth }
func (Date) Type() Type      { return -TDate }
func (Datetime) Type() Type  { return -TDatetime }
func (Timespan) Type() Type  { return -TTimespan }
func (Minute) Type() Type    { return -TMinute }
func (Second) Type() Type    { return -TSecond }
func (Time) Type() Type      { return -TTime }

// EnumAtom is one item of an enumeration: an index into the symbol vector named Domain.
type EnumAtom struct {
	Domain string
	Idx    int64
}

func (EnumAtom) Type() Type { return -TEnum }
